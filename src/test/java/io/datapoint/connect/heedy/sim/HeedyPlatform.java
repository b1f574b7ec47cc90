package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.testkit.SimulatedPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

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
        Map<String, LongFunction<JsonNode>> series = Map.of(
            "temperature", n -> DoubleNode.valueOf(Math.round((20 + 5 * Math.sin(n / 30.0)) * 100) / 100.0),
            "humidity", n -> DoubleNode.valueOf(Math.round((55 + 10 * Math.cos(n / 45.0)) * 100) / 100.0),
            "steps", n -> IntNode.valueOf((int) (n % 100)));
        for (Map.Entry<String, LongFunction<JsonNode>> s : series.entrySet()) {
            String type = s.getKey().equals("steps") ? "integer" : "number";
            String id = simulator.createTimeseries("demo", null, s.getKey(), null, "sensors",
                json.objectNode().put("type", type));
            simulator.preload(id, 3600, Math.floor(now) - 3600, 1);
            live.add(simulator.live(id, Duration.ofSeconds(1), s.getValue()));
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
