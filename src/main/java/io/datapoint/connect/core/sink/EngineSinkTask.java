package io.datapoint.connect.core.sink;

import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink task that runs the core {@link SinkEngine}: a platform's task only builds its record mapper and writer in
 * {@link #wire}; putting, committing only durable offsets, closing partitions and stopping are the same everywhere.
 * (Kafka Connect instantiates tasks by class, so the shared part is a base class.)
 *
 * @param <P> the platform's datapoint type
 */
public abstract class EngineSinkTask<P> extends SinkTask {

    private final String platformName;
    private ConnectorMetrics metrics;
    private SinkEngine<P> engine;
    private List<AutoCloseable> resources = List.of();

    /** @param platformName the platform's name in log labels and errors, e.g. "heedy" */
    protected EngineSinkTask(String platformName) {
        this.platformName = platformName;
    }

    /**
     * What a platform's task plugs into the engine.
     *
     * @param mapper    turns records into datapoints and targets
     * @param writer    writes batches to one target
     * @param settings  how the engine batches and writes
     * @param resources closed, in order, after the engine when the task stops (e.g. the HTTP transport)
     */
    public record Wiring<P>(RecordMapper<P> mapper, StreamWriter<P> writer, SinkEngineSettings settings,
                               List<AutoCloseable> resources) {
    }

    /**
     * Parses the task config and builds the platform's parts.
     *
     * @param label   names this task in logs and errors, e.g. {@code heedy sink 'name'}
     * @param metrics the task's metrics, for the platform's HTTP observer
     */
    protected abstract Wiring<P> wire(Map<String, String> props, String label, ConnectorMetrics metrics);

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        String label = platformName + " sink '" + props.getOrDefault("name", "?") + "'";
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        Wiring<P> wiring = wire(props, label, metrics);
        resources = List.copyOf(wiring.resources());
        engine = new SinkEngine<>(label, wiring.mapper(), wiring.writer(), wiring.settings(), context, metrics);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            engine.put(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for " + platformName + " writes", e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return engine.preCommit(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        engine.close(partitions);
    }

    @Override
    public void stop() {
        Closeables.closeAll(engine);
        Closeables.closeAll(resources.toArray(AutoCloseable[]::new));
        Closeables.closeAll(metrics);
    }
}
