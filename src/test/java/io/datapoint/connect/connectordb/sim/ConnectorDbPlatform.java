package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.testkit.SimulatedPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ConnectorDB for the quickstart and the packaging test: user {@code demo} whose device {@code sensor} has streams
 * {@code temperature} (numbers: an hour of history, then one a second), {@code status} (strings, one every 5 s) and
 * {@code switch} (booleans, a downlink stream that gets a command from {@code demo/user} every 5 s), and whose
 * {@code user} device has an empty {@code temperature_copy} stream for the sink example. The connector JSON uses the
 * {@code demo/user} device's API key, which reads every stream of the user, writes its own streams and writes
 * commands into downlinks.
 */
public final class ConnectorDbPlatform implements SimulatedPlatform {

    private ConnectorDbSimulator simulator;
    private ScheduledExecutorService commands;
    private final List<AutoCloseable> live = new ArrayList<>();

    @Override
    public String name() {
        return "connectordb";
    }

    @Override
    public void start() {
        simulator = ConnectorDbSimulator.start();
        simulator.createUser("demo", "demo");
        simulator.createDevice("demo", "sensor");
        JsonNodeFactory json = JsonNodeFactory.instance;
        simulator.createStream("demo/sensor/temperature", json.objectNode().put("type", "number"), false);
        simulator.createStream("demo/sensor/status", json.objectNode().put("type", "string"), false);
        simulator.createStream("demo/sensor/switch", json.objectNode().put("type", "boolean"), true);
        simulator.createStream("demo/user/temperature_copy", json.objectNode().put("type", "number"), false);
        double now = System.currentTimeMillis() / 1000.0;
        simulator.preload("demo/sensor/temperature", 3600, Math.floor(now) - 3600, 1);
        live.add(simulator.live("demo/sensor/temperature", Duration.ofSeconds(1)));
        live.add(simulator.live("demo/sensor/status", Duration.ofSeconds(5)));
        commands = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdb-platform-commands");
            t.setDaemon(true);
            return t;
        });
        AtomicLong n = new AtomicLong();
        commands.scheduleAtFixedRate(() -> {
            try {
                simulator.insertDownlink("demo/sensor/switch", List.of(Datapoint.of(
                    System.currentTimeMillis() / 1000.0, BooleanNode.valueOf(n.getAndIncrement() % 2 == 0))));
            } catch (RuntimeException e) {
                // the simulator is closing
            }
        }, 0, 5, TimeUnit.SECONDS);
    }

    @Override
    public Map<String, String> env() {
        return Map.of("CONNECTORDB_URL", simulator.baseUrl(), "CONNECTORDB_APIKEY", simulator.userApiKey("demo"));
    }

    @Override
    public void close() {
        if (commands != null) {
            commands.shutdownNow();
            commands = null;
        }
        for (AutoCloseable c : live) {
            try {
                c.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        live.clear();
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
