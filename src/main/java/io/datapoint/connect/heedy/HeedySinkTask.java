package io.datapoint.connect.heedy;

import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.sink.SinkEngine;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** Writes records to heedy: wires the core sink engine to heedy's record mapping and writer. */
public final class HeedySinkTask extends SinkTask {

    private ConnectorMetrics metrics;
    private HttpTransport transport;
    private SinkEngine<HeedySinkPoint> engine;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HeedySinkConfig config = new HeedySinkConfig(props);
        String label = "heedy sink '" + props.getOrDefault("name", "?") + "'";
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        transport = HeedyConnection.transport(config, new MetricsHttpObserver(metrics));
        HeedyClient client = new HeedyClient(config.getString(HeedyConnection.URL), transport);
        engine = new SinkEngine<>(label, new HeedySinkRecords(config), new HeedyWriter(label, client, config),
            config.engineSettings(), context, metrics);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            engine.put(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for heedy writes", e);
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
        Closeables.closeAll(engine, transport, metrics);
    }
}
