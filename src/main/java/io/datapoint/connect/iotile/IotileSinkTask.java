package io.datapoint.connect.iotile;

import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.sink.EngineSinkTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Writes records to IOTile Cloud: wires the core sink engine to IOTile's record mapping and writer. */
public final class IotileSinkTask extends EngineSinkTask<IotileSinkPoint> {

    public IotileSinkTask() {
        super("IOTile");
    }

    @Override
    protected Wiring<IotileSinkPoint> wire(Map<String, String> props, String label, ConnectorMetrics metrics) {
        IotileSinkConfig config = new IotileSinkConfig(props);
        IotileConnection.Transports transports = IotileConnection.transports(config, new MetricsHttpObserver(metrics));
        IotileClient client = new IotileClient(config.getString(IotileConnection.URL), transports.api());
        IotileWriter writer = new IotileWriter(label, client, metrics, config.getInt(HttpConfig.RETRIES_MAX),
            Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MS)),
            Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MAX_MS)));
        return new Wiring<>(new IotileSinkRecords(config), writer, config.engineSettings(), List.of(transports));
    }
}
