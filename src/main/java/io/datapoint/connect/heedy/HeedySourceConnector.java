package io.datapoint.connect.heedy;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams heedy timeseries into Kafka: one record per datapoint, offsets per object on heedy's timestamps. The
 * selection (object ids, or tags/key/owner/app filters) is listed again on a schedule, and the objects are spread
 * over the tasks.
 */
public final class HeedySourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(HeedySourceConnector.class);

    private Map<String, String> props;
    private HeedySourceConfig config;
    private HttpTransport transport;
    private HeedyClient client;
    private StreamDiscovery discovery;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        this.config = new HeedySourceConfig(this.props);
        String label = "heedy source '" + props.getOrDefault("name", "?") + "'";
        transport = HeedyConnection.transport(config, HttpObserver.NONE);
        client = new HeedyClient(config.getString(HeedyConnection.URL), transport);
        discovery = new StreamDiscovery(label, this::listStreams,
            config.getLong(SourceCommonConfig.DISCOVERY_INTERVAL_MS), changed -> context.requestTaskReconfiguration());
        discovery.startOrFail("timeseries",
            e -> HeedyClient.describe(e) + (e.status() == 401 ? ". Check heedy.token." : ""));
    }

    /**
     * The selected objects, each as {@code id#fingerprint}: the fingerprint changes with the object's name, owner,
     * key or schema, so such a change reconfigures the tasks too (their topics and schemas are built at start).
     */
    private List<String> listStreams() throws IOException {
        List<String> explicit = config.getList(HeedySourceConfig.OBJECTS);
        List<String> out = new ArrayList<>();
        if (!explicit.isEmpty()) {
            for (String id : explicit) {
                String fingerprint;
                try {
                    fingerprint = fingerprint(client.object(id));
                } catch (HttpStatusException e) {
                    if (e.status() == 401) {
                        throw e;
                    }
                    log.warn("heedy object {} cannot be read ({}); it is still assigned and retried",
                        id, HeedyClient.describe(e));
                    fingerprint = "unreadable";
                }
                out.add(id + "#" + fingerprint);
            }
        } else {
            List<HeedyObject> objects = client.listTimeseries(config.getString(HeedySourceConfig.OWNER),
                config.getString(HeedySourceConfig.APP), config.getString(HeedySourceConfig.KEY),
                config.getString(HeedySourceConfig.TAGS));
            if (objects.size() >= HeedyClient.OBJECT_LIST_LIMIT) {
                log.warn("heedy returned {} objects, its listing limit; narrow the selection", objects.size());
            }
            for (HeedyObject o : objects) {
                out.add(o.id() + "#" + fingerprint(o));
            }
        }
        out.sort(null);
        return out;
    }

    private static String fingerprint(HeedyObject o) {
        return Integer.toHexString(Objects.hash(o.name(), o.owner(), o.key(), String.valueOf(o.schema())));
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.spread(props, StreamDiscovery.ids(discovery.current()), maxTasks,
            HeedySourceConfig.TASK_OBJECTS, group -> String.join(",", group), "heedy source '" + props.get("name")
                + "': no timeseries match the selection yet; no task runs until one does");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HeedySourceTask.class;
    }

    @Override
    public void stop() {
        Closeables.closeAll(discovery, transport);
    }

    @Override
    public ConfigDef config() {
        return HeedySourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        return HeedyConnection.check(config, connectorConfigs);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets of the shape this connector writes, so PATCH /connectors/{name}/offsets can rewind safely. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        SourcePartitions.validateOffsets(offsets, "heedy", new HeedyOffsets(), "heedy", stream -> { });
        return true;
    }
}
