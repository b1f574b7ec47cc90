package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.source.DiscoveringSourceConnector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams ConnectorDB streams (or their downlink substreams) into Kafka: one record per datapoint, offsets per
 * stream on ConnectorDB's immutable indices. The selection (stream paths, devices, users) is listed again on a
 * schedule, and the streams are spread over the tasks. Ephemeral streams store nothing and are skipped.
 */
public final class ConnectorDbSourceConnector extends DiscoveringSourceConnector {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDbSourceConnector.class);

    public ConnectorDbSourceConnector() {
        super(new Platform("ConnectorDB", "connectordb", "streams", ConnectorDbSourceConfig.CONFIG_DEF,
            ConnectorDbSourceTask.class, new ConnectorDbOffsets()));
    }

    @Override
    protected Selection select(Map<String, String> props, String label) {
        ConnectorDbSourceConfig config = new ConnectorDbSourceConfig(props);
        if (config.selectsNothing()) {
            throw new ConnectException(label + ": select streams with connectordb.streams, connectordb.devices or"
                + " connectordb.users");
        }
        HttpTransport transport = ConnectorDbConnection.transport(config, HttpObserver.NONE);
        ConnectorDbClient client = new ConnectorDbClient(config.getString(ConnectorDbConnection.URL), transport);
        return new Selection(() -> listStreams(config, client), e -> ConnectorDbClient.describe(e)
            + (e.status() == 401 ? ". Check connectordb.apikey (or connectordb.user and connectordb.password)." : ""),
            List.of(transport));
    }

    /**
     * The selected streams, each as {@code path#fingerprint}: the fingerprint changes with the stream's schema, so a
     * schema change reconfigures the tasks too (their record schemas are built at start).
     */
    private static List<String> listStreams(ConnectorDbSourceConfig config, ConnectorDbClient client)
        throws IOException {
        boolean downlink = config.getBoolean(ConnectorDbSourceConfig.DOWNLINK);
        Map<String, String> selected = new LinkedHashMap<>();
        for (String p : config.getList(ConnectorDbSourceConfig.STREAMS)) {
            ConnectorDbPath path = ConnectorDbPath.parse(p, false);
            String fingerprint;
            try {
                ConnectorDbStream s = client.stream(path);
                if (s.ephemeral() && !downlink) {
                    log.warn("ConnectorDB stream {} is ephemeral: it stores nothing to read, so it is skipped", path);
                    continue;
                }
                fingerprint = fingerprint(s);
            } catch (HttpStatusException e) {
                if (e.status() == 401) {
                    throw e;
                }
                log.warn("ConnectorDB stream {} cannot be described ({}); it is still assigned and retried", path,
                    ConnectorDbClient.describe(e));
                fingerprint = "unknown";
            }
            selected.put(downlink ? path.toDownlink().toString() : path.toString(), fingerprint);
        }
        List<ConnectorDbStream> listed = new ArrayList<>();
        for (String d : config.getList(ConnectorDbSourceConfig.DEVICES)) {
            String[] p = ConnectorDbSourceConfig.devicePath(d);
            listed.addAll(client.deviceStreams(p[0], p[1]));
        }
        for (String u : config.getList(ConnectorDbSourceConfig.USERS)) {
            listed.addAll(client.userStreams(u.trim()));
        }
        for (ConnectorDbStream s : listed) {
            if (downlink && !s.downlink()) {
                continue;
            }
            if (s.ephemeral() && !downlink) {
                log.debug("ConnectorDB stream {} is ephemeral and skipped", s.path());
                continue;
            }
            selected.putIfAbsent(downlink ? s.path().toDownlink().toString() : s.path().toString(), fingerprint(s));
        }
        List<String> out = new ArrayList<>();
        selected.forEach((path, fingerprint) -> out.add(path + "#" + fingerprint));
        out.sort(null);
        return out;
    }

    private static String fingerprint(ConnectorDbStream s) {
        return Integer.toHexString(Objects.hash(String.valueOf(s.schema()), s.downlink()));
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Validators.crossCheck(config, () -> {
            if (new ConnectorDbSourceConfig(Validators.nonNull(connectorConfigs)).selectsNothing()) {
                Validators.addError(config, ConnectorDbSourceConfig.STREAMS, "Select streams: set connectordb.streams,"
                    + " connectordb.devices or connectordb.users");
            }
        }, ConnectorDbSourceConfig.STREAMS, ConnectorDbSourceConfig.DEVICES, ConnectorDbSourceConfig.USERS);
        return ConnectorDbConnection.check(config, connectorConfigs);
    }

    @Override
    protected void checkStreamId(String streamId) {
        ConnectorDbPath.parse(streamId, true);
    }
}
