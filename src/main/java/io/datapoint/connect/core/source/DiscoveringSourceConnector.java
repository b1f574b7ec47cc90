package io.datapoint.connect.core.source;

import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.discovery.StreamDiscovery;
import io.datapoint.connect.core.http.HttpStatusException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A source connector that lists its platform's streams on start and again every {@code discovery.interval.ms},
 * spreads them over the tasks (the internal {@link SourceCommonConfig#TASK_STREAMS} key), and reconfigures the
 * tasks when the list changes. It supports exactly-once delivery and checks offsets sent through
 * {@code PATCH /connectors/{name}/offsets} against the platform's offset codec. A platform's connector supplies
 * its ConfigDef, task class, codec and a {@link Selection}, and adds its own {@code validate}. (Kafka Connect
 * instantiates connectors by class, so the shared part is a base class.)
 */
public abstract class DiscoveringSourceConnector extends SourceConnector {

    private final Platform platform;
    private Map<String, String> props;
    private String label;
    private StreamDiscovery discovery;
    private List<AutoCloseable> resources = List.of();

    /**
     * Who the connector is.
     *
     * @param name      the platform's name in logs and errors, e.g. "ConnectorDB"
     * @param id        the {@code platform} field of its source partitions, e.g. "connectordb"
     * @param streams   what the platform calls its streams, plural, e.g. "timeseries"
     * @param configDef the connector's ConfigDef; it defines discovery.interval.ms and task.streams
     * @param taskClass its task class
     * @param codec     its offset codec, to check offsets sent through the REST API
     */
    public record Platform(String name, String id, String streams, ConfigDef configDef,
                           Class<? extends Task> taskClass, OffsetCodec<?> codec) {
    }

    /**
     * What discovery runs on.
     *
     * @param lister        lists the selected stream ids now, sorted; an id may end in {@code #fingerprint} (see
     *                      {@link StreamDiscovery#ids}) so that a change of a stream's schema reconfigures the tasks
     * @param describeError renders an HTTP error of the first listing in the platform's words, with the credential
     *                      to check on a 401
     * @param resources     closed when the connector stops (e.g. the HTTP transport the lister uses)
     */
    public record Selection(Callable<List<String>> lister, Function<HttpStatusException, String> describeError,
                               List<AutoCloseable> resources) {
    }

    protected DiscoveringSourceConnector(Platform platform) {
        this.platform = platform;
    }

    /**
     * Parses the config and builds what lists the streams.
     *
     * @param label names this connector in logs and errors, e.g. {@code heedy source 'name'}
     * @throws org.apache.kafka.connect.errors.ConnectException or a ConfigException when the config cannot work
     */
    protected abstract Selection select(Map<String, String> props, String label);

    /**
     * Checks a stream id sent through the offsets REST API; the default accepts any.
     *
     * @throws IllegalArgumentException saying why the id cannot name a stream of this platform
     */
    protected void checkStreamId(String streamId) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        label = platform.name() + " source '" + props.getOrDefault("name", "?") + "'";
        Selection selection = select(this.props, label);
        resources = List.copyOf(selection.resources());
        long interval = (Long) platform.configDef().parse(this.props).get(SourceCommonConfig.DISCOVERY_INTERVAL_MS);
        discovery = new StreamDiscovery(label, selection.lister(), interval,
            changed -> context.requestTaskReconfiguration());
        discovery.startOrFail(platform.streams(), selection.describeError());
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.spread(props, StreamDiscovery.ids(discovery.current()), maxTasks,
            SourceCommonConfig.TASK_STREAMS, TaskConfigs::encodeStreams, label + ": nothing matches the selection"
                + " of " + platform.streams() + " yet; no task runs until something does");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return platform.taskClass();
    }

    @Override
    public void stop() {
        Closeables.closeAll(discovery);
        Closeables.closeAll(resources.toArray(AutoCloseable[]::new));
    }

    @Override
    public ConfigDef config() {
        return platform.configDef();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets of the shape this connector writes, so PATCH /connectors/{name}/offsets can rewind safely. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        SourcePartitions.validateOffsets(offsets, platform.id(), platform.codec(), platform.name(),
            this::checkStreamId);
        return true;
    }
}
