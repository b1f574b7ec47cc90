package io.datapoint.connect.flowthings;

import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.sink.EngineSinkTask;
import java.util.List;
import java.util.Map;

/** Writes records to flowthings as drops: wires the core sink engine to the drop mapping and writer. */
public final class FlowthingsSinkTask extends EngineSinkTask<FlowthingsSinkPoint> {

    public FlowthingsSinkTask() {
        super("flowthings");
    }

    @Override
    protected Wiring<FlowthingsSinkPoint> wire(Map<String, String> props, String label, ConnectorMetrics metrics) {
        FlowthingsSinkConfig config = new FlowthingsSinkConfig(props);
        HttpTransport transport = FlowthingsConnection.transport(config, new MetricsHttpObserver(metrics));
        FlowthingsClient client = FlowthingsConnection.client(config, transport,
            config.getString(FlowthingsConnection.URL));
        FlowthingsWriter writer = new FlowthingsWriter(label, client, config);
        return new Wiring<>(new FlowthingsSinkRecords(config), writer, config.engineSettings(),
            List.of(writer, transport));
    }
}
