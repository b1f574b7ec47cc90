package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.testkit.SimulatedPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * heedy for the quickstart and the packaging test: user {@code demo} with timeseries {@code temperature},
 * {@code humidity} (numbers) and {@code steps} (integers), all tagged {@code sensors}, an hour of history each, and a
 * new datapoint in each every second.
 */
public final class HeedyPlatform implements SimulatedPlatform {

    private HeedySimulator simulator;
    private String token;
    private final List<LiveGenerator> live = new ArrayList<>();

    @Override
    public String name() {
        return "heedy";
    }

    @Override
    public void start() {
        simulator = HeedySimulator.start();
        token = simulator.createApp("demo", false);
        JsonNodeFactory json = JsonNodeFactory.instance;
        double now = System.currentTimeMillis() / 1000.0;
        for (String name : List.of("temperature", "humidity", "steps")) {
            boolean integer = name.equals("steps");
            String id = simulator.createTimeseries("demo", null, name, null, "sensors",
                json.objectNode().put("type", integer ? "integer" : "number"));
            simulator.preload(id, 3600, Math.floor(now) - 3600, 1);
            live.add(integer
                ? simulator.live(id, Duration.ofSeconds(1), n -> IntNode.valueOf((int) (n % 100)))
                : simulator.live(id, Duration.ofSeconds(1),
                    n -> DoubleNode.valueOf(Math.round((20 + 5 * Math.sin(n / 30.0)) * 100) / 100.0)));
        }
    }

    @Override
    public Map<String, String> env() {
        return Map.of("HEEDY_URL", simulator.baseUrl(), "HEEDY_TOKEN", token);
    }

    @Override
    public void close() {
        live.forEach(LiveGenerator::close);
        live.clear();
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
