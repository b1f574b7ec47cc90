package io.datapoint.connect.flowthings.sim;

import io.datapoint.connect.testkit.SimulatedPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * flowthings for the quickstart and the packaging test: account {@code demo} with flows
 * {@code /demo/sensors/temperature} and {@code /demo/sensors/humidity}, an hour of history (one drop a second),
 * a new drop in each every second, and an empty flow {@code /demo/copies/temperature} for the sink.
 */
public final class FlowthingsPlatform implements SimulatedPlatform {

    static final String ACCOUNT = "demo";
    static final String TOKEN = "demo-master-token";
    private FlowthingsSimulator simulator;

    @Override
    public String name() {
        return "flowthings";
    }

    @Override
    public void start() {
        simulator = FlowthingsSimulator.start();
        simulator.createAccount(ACCOUNT, TOKEN);
        List<String> flows = new ArrayList<>();
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        for (String name : List.of("temperature", "humidity")) {
            String id = simulator.createFlow(ACCOUNT, "/demo/sensors/" + name, 10_000);
            for (int i = 0; i < 3600; i++) {
                simulator.preloadSpaced(id, 1, hourAgo + i * 1000L);
            }
            flows.add(id);
        }
        simulator.createFlow(ACCOUNT, "/demo/copies/temperature", 10_000);
        simulator.startLiveData(flows, 1000);
    }

    @Override
    public Map<String, String> env() {
        return Map.of("FLOWTHINGS_URL", simulator.apiUrl(), "FLOWTHINGS_WS_URL", simulator.wsUrl(),
            "FLOWTHINGS_ACCOUNT", ACCOUNT, "FLOWTHINGS_TOKEN", TOKEN,
            "FLOWTHINGS_PATH_PREFIX", "/demo/sensors", "FLOWTHINGS_SINK_PATH", "/demo/copies/temperature");
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
