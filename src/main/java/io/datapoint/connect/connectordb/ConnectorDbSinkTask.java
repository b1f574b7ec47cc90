package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.sink.EngineSinkTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Writes records to ConnectorDB: wires the core sink engine to ConnectorDB's record mapping and writer. */
public final class ConnectorDbSinkTask extends EngineSinkTask<ConnectorDbSinkPoint> {

    public ConnectorDbSinkTask() {
        super("ConnectorDB");
    }

    @Override
    protected Wiring<ConnectorDbSinkPoint> wire(Map<String, String> props, String label, ConnectorMetrics metrics) {
        ConnectorDbSinkConfig config = new ConnectorDbSinkConfig(props);
        HttpTransport transport = ConnectorDbConnection.transport(config, new MetricsHttpObserver(metrics));
        ConnectorDbClient client = new ConnectorDbClient(config.getString(ConnectorDbConnection.URL), transport);
        ConnectorDbWriter writer = new ConnectorDbWriter(label, client, config.restamp(),
            config.getBoolean(ConnectorDbSinkConfig.DOWNLINK), config.getBoolean(ConnectorDbSinkConfig.CREATE_MISSING),
            config.getInt(HttpConfig.RETRIES_MAX), Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MS)),
            Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MAX_MS)));
        return new Wiring<>(new ConnectorDbSinkRecords(config), writer, config.engineSettings(), List.of(transport));
    }
}
