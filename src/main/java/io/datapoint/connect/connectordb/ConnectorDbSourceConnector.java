package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.discovery.StreamDiscovery;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.source.SourcePartitions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams ConnectorDB streams (or their downlink substreams) into Kafka: one record per datapoint, offsets per
 * stream on ConnectorDB's immutable indices. The selection (stream paths, devices, users) is listed again on a
 * schedule, and the streams are spread over the tasks. Ephemeral streams store nothing and are skipped.
 */
public final class ConnectorDbSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDbSourceConnector.class);

    private Map<String, String> props;
    private ConnectorDbSourceConfig config;
    private HttpTransport transport;
    private ConnectorDbClient client;
    private StreamDiscovery discovery;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        this.config = new ConnectorDbSourceConfig(this.props);
        String label = "ConnectorDB source '" + props.getOrDefault("name", "?") + "'";
        if (config.selectsNothing()) {
            throw new ConnectException(label + ": select streams with connectordb.streams, connectordb.devices or"
                + " connectordb.users");
        }
        transport = ConnectorDbConnection.transport(config, HttpObserver.NONE);
        client = new ConnectorDbClient(config.getString(ConnectorDbConnection.URL), transport);
        discovery = new StreamDiscovery(label, this::listStreams,
            config.getLong(SourceCommonConfig.DISCOVERY_INTERVAL_MS), changed -> context.requestTaskReconfiguration());
        discovery.startOrFail("streams", e -> ConnectorDbClient.describe(e) + (e.status() == 401
            ? ". Check connectordb.apikey (or connectordb.user and connectordb.password)." : ""));
    }

    /**
     * The selected streams, each as {@code path#fingerprint}: the fingerprint changes with the stream's schema, so a
     * schema change reconfigures the tasks too (their record schemas are built at start).
     */
    private List<String> listStreams() throws IOException {
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
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.spread(props, StreamDiscovery.ids(discovery.current()), maxTasks,
            ConnectorDbSourceConfig.TASK_STREAMS, ConnectorDbSourceConnector::encodeStreams, "ConnectorDB source '"
                + props.get("name") + "': no stream matches the selection yet; no task runs until one does");
    }

    private static String encodeStreams(List<String> paths) {
        try {
            return ConnectorDbClient.JSON.writeValueAsString(paths);
        } catch (JsonProcessingException e) {
            throw new ConnectException("Cannot encode the task's stream list", e);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ConnectorDbSourceTask.class;
    }

    @Override
    public void stop() {
        Closeables.closeAll(discovery, transport);
    }

    @Override
    public ConfigDef config() {
        return ConnectorDbSourceConfig.CONFIG_DEF;
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
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets of the shape this connector writes, so PATCH /connectors/{name}/offsets can rewind safely. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        SourcePartitions.validateOffsets(offsets, "connectordb", new ConnectorDbOffsets(), "ConnectorDB",
            stream -> ConnectorDbPath.parse(stream, true));
        return true;
    }
}
