package io.datapoint.connect.heedy;

import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.sink.EngineSinkTask;
import java.util.List;
import java.util.Map;

/** Writes records to heedy: wires the core sink engine to heedy's record mapping and writer. */
public final class HeedySinkTask extends EngineSinkTask<HeedySinkPoint> {

    public HeedySinkTask() {
        super("heedy");
    }

    @Override
    protected Wiring<HeedySinkPoint> wire(Map<String, String> props, String label, ConnectorMetrics metrics) {
        HeedySinkConfig config = new HeedySinkConfig(props);
        HttpTransport transport = HeedyConnection.transport(config, new MetricsHttpObserver(metrics));
        HeedyClient client = new HeedyClient(config.getString(HeedyConnection.URL), transport);
        return new Wiring<>(new HeedySinkRecords(config), new HeedyWriter(label, client, config),
            config.engineSettings(), List.of(transport));
    }
}
