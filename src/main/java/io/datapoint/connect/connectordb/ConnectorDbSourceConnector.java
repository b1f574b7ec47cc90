package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.discovery.StreamDiscovery;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.source.SourcePartitions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;
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
            config.getLong(ConnectorDbSourceConfig.DISCOVERY_INTERVAL_MS), changed -> context.requestTaskReconfiguration());
        try {
            List<String> found = discovery.start();
            log.info("{}: {} streams selected", label, found.size());
        } catch (HttpStatusException e) {
            throw new ConnectException(label + ": listing the streams failed: " + ConnectorDbClient.describe(e)
                + (e.status() == 401 ? ". Check connectordb.apikey (or connectordb.user and connectordb.password)."
                : ""), e);
        } catch (Exception e) {
            throw new ConnectException(label + ": listing the streams failed: " + e, e);
        }
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
        List<String> paths = discovery.current().stream().map(s -> s.substring(0, s.lastIndexOf('#'))).toList();
        if (paths.isEmpty()) {
            log.warn("ConnectorDB source '{}': no stream matches the selection yet; no task runs until one does",
                props.get("name"));
            return List.of();
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> group : ConnectorUtils.groupPartitions(paths, Math.min(maxTasks, paths.size()))) {
            Map<String, String> task = new HashMap<>(props);
            try {
                task.put(ConnectorDbSourceConfig.TASK_STREAMS, ConnectorDbClient.JSON.writeValueAsString(group));
            } catch (JsonProcessingException e) {
                throw new ConnectException("Cannot encode the task's stream list", e);
            }
            configs.add(task);
        }
        return configs;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ConnectorDbSourceTask.class;
    }

    @Override
    public void stop() {
        if (discovery != null) {
            discovery.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    @Override
    public ConfigDef config() {
        return ConnectorDbSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        if (Validators.noErrors(config, ConnectorDbSourceConfig.STREAMS, ConnectorDbSourceConfig.DEVICES,
            ConnectorDbSourceConfig.USERS)) {
            try {
                if (new ConnectorDbSourceConfig(Validators.nonNull(connectorConfigs)).selectsNothing()) {
                    ConfigValue v = Validators.field(config, ConnectorDbSourceConfig.STREAMS);
                    if (v != null) {
                        v.addErrorMessage("Select streams: set connectordb.streams, connectordb.devices or"
                            + " connectordb.users");
                    }
                }
            } catch (RuntimeException e) {
                // other fields are invalid; their errors are already reported
            }
        }
        return ConnectorDbConnection.check(config, connectorConfigs);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets of the shape this connector writes, so PATCH /connectors/{name}/offsets can rewind safely. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        ConnectorDbOffsets codec = new ConnectorDbOffsets();
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            try {
                String stream = SourcePartitions.validate(e.getKey(), "connectordb", ConnectorDbOffsets.VERSION);
                ConnectorDbPath.parse(stream, true);
                if (e.getValue() != null) {
                    codec.decode(e.getValue());
                }
            } catch (IllegalArgumentException ex) {
                throw new ConnectException("Invalid ConnectorDB offset for partition " + e.getKey() + ": "
                    + ex.getMessage());
            }
        }
        return true;
    }
}
