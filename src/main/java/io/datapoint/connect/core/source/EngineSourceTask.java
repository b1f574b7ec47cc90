package io.datapoint.connect.core.source;

import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source task that runs the core {@link SourceEngine} over the streams its connector assigned (the internal
 * {@link SourceCommonConfig#TASK_STREAMS} key). A platform's task builds its transport and settings in
 * {@link #setup}, a reader per stream in {@link #readers}, and its push channels, if any, in {@link #startPush};
 * loading offsets, polling and stopping in order are the same everywhere. (Kafka Connect instantiates tasks by
 * class, so the shared part is a base class.)
 *
 * @param <C> the platform's cursor type
 */
public abstract class EngineSourceTask<C> extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(EngineSourceTask.class);

    private final String platformName;
    private final String platformId;
    private ConnectorMetrics metrics;
    private SourceEngine<C> engine;
    private List<AutoCloseable> push = List.of();
    private List<AutoCloseable> resources = List.of();

    /**
     * What the engine needs from the platform.
     *
     * @param server    the {@code server} field of the source partitions (the platform's base URL)
     * @param codec     the platform's offset codec
     * @param settings  how the engine schedules and buffers reads
     * @param resources closed, in order, after the engine when the task stops (e.g. the HTTP transport)
     */
    public record Setup<C>(String server, OffsetCodec<C> codec, SourceEngineSettings settings,
                              List<AutoCloseable> resources) {
    }

    /**
     * @param platformName the platform's name in logs and errors, e.g. "heedy"
     * @param platformId   the {@code platform} field of its source partitions, e.g. "heedy"
     */
    protected EngineSourceTask(String platformName, String platformId) {
        this.platformName = platformName;
        this.platformId = platformId;
    }

    /**
     * Parses the task config and opens what reading needs. Called first.
     *
     * @param label   names this task in logs and errors, e.g. {@code heedy source 'name' (task-thread)}
     * @param metrics the task's metrics, for the platform's HTTP observer
     */
    protected abstract Setup<C> setup(Map<String, String> props, String label, ConnectorMetrics metrics);

    /**
     * A reader for each assigned stream; called after {@link #setup}, before offsets are loaded.
     *
     * @param streams the assigned stream ids (fingerprints already stripped)
     * @param engine  the engine that will run the readers, for push handlers that wake it
     */
    protected abstract List<? extends StreamReader<C>> readers(List<String> streams, SourceEngine<C> engine);

    /**
     * Starts the push channels once reading has started, when there is at least one stream; the default starts
     * none. What it returns is closed before the engine when the task stops (null entries are skipped).
     */
    protected List<AutoCloseable> startPush(SourceEngine<C> engine, ConnectorMetrics metrics) {
        return List.of();
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        String label = platformName + " source '" + props.getOrDefault("name", "?") + "' ("
            + Thread.currentThread().getName() + ")";
        List<String> streams;
        try {
            streams = TaskConfigs.decodeStreams(props.get(SourceCommonConfig.TASK_STREAMS));
        } catch (IllegalArgumentException e) {
            throw new ConnectException(label + ": the task's stream list is malformed (" + e.getMessage()
                + "); the connector sets it, so restart the connector", e);
        }
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        Setup<C> setup = setup(props, label, metrics);
        resources = List.copyOf(setup.resources());
        engine = new SourceEngine<>(label, platformId, setup.server(), setup.codec(), setup.settings(), metrics);
        List<? extends StreamReader<C>> readers = readers(streams, engine);
        engine.start(readers, context == null ? null : context.offsetStorageReader());
        if (!readers.isEmpty()) {
            push = new ArrayList<>(startPush(engine, metrics));
        }
        log.info("{}: reading {} streams", label, readers.size());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return engine.poll();
    }

    @Override
    public void stop() {
        // push channels share the transport's client and wake the engine: close them first
        Closeables.closeAll(push.toArray(AutoCloseable[]::new));
        Closeables.closeAll(engine);
        Closeables.closeAll(resources.toArray(AutoCloseable[]::new));
        Closeables.closeAll(metrics);
    }
}
