package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.HttpConfig;
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

/** Writes records to ConnectorDB: wires the core sink engine to ConnectorDB's record mapping and writer. */
public final class ConnectorDbSinkTask extends SinkTask {

    private ConnectorMetrics metrics;
    private HttpTransport transport;
    private SinkEngine<ConnectorDbSinkPoint> engine;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        ConnectorDbSinkConfig config = new ConnectorDbSinkConfig(props);
        String label = "ConnectorDB sink '" + props.getOrDefault("name", "?") + "'";
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        transport = ConnectorDbConnection.transport(config, new MetricsHttpObserver(metrics));
        ConnectorDbClient client = new ConnectorDbClient(config.getString(ConnectorDbConnection.URL), transport);
        ConnectorDbWriter writer = new ConnectorDbWriter(label, client, config.restamp(),
            config.getBoolean(ConnectorDbSinkConfig.DOWNLINK), config.getBoolean(ConnectorDbSinkConfig.CREATE_MISSING),
            config.getInt(HttpConfig.RETRIES_MAX), Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MS)),
            Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MAX_MS)));
        engine = new SinkEngine<>(label, new ConnectorDbSinkRecords(config), writer, config.engineSettings(), context,
            metrics);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            engine.put(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for ConnectorDB writes", e);
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
        if (engine != null) {
            engine.close();
        }
        if (transport != null) {
            transport.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
