package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.sink.EngineSinkTask;
import io.datapoint.connect.core.sink.UnknownOutcomeRetries;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/** Writes records to Hexoskin as annotations or ranges: wires the core sink engine to the writer. */
public final class HexoskinSinkTask extends EngineSinkTask<HexoskinSinkPoint> {

    public HexoskinSinkTask() {
        super("Hexoskin");
    }

    @Override
    protected Wiring<HexoskinSinkPoint> wire(Map<String, String> props, String label, ConnectorMetrics metrics) {
        HexoskinSinkConfig config = new HexoskinSinkConfig(props);
        HexoskinConnection.Transports transports = HexoskinConnection.transport(config,
            new MetricsHttpObserver(metrics));
        HexoskinClient client = new HexoskinClient(config.getString(HexoskinConnection.URL), transports.api());
        Integer datatype = null;
        String d = config.getString(HexoskinSinkConfig.DATATYPE);
        if (d != null && !d.isBlank() && !config.ranges()) {
            try {
                datatype = new HexoskinDatatypes(client.datatypes()).resolve(List.of(d)).get(0).id();
            } catch (IOException | IllegalArgumentException e) {
                transports.close();
                throw new ConnectException(label + ": cannot resolve hexoskin.datatype '" + d + "': " + e.getMessage(),
                    e);
            }
        }
        // the writer retries its writes itself, looking at what landed before each new attempt
        HexoskinWriter writer = new HexoskinWriter(label, client, config.ranges(),
            config.getInt(HexoskinSinkConfig.BULK_MAX_OBJECTS), new UnknownOutcomeRetries(
            config.getInt(HttpConfig.RETRIES_MAX), Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MS)),
            Duration.ofMillis(config.getLong(HttpConfig.RETRY_BACKOFF_MAX_MS))), metrics);
        return new Wiring<>(new HexoskinSinkRecords(config, datatype), writer, config.engineSettings(),
            List.of(transports));
    }
}
