package io.datapoint.connect.iotile.sim;

import io.datapoint.connect.testkit.SimulatedPlatform;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IOTile Cloud for the quickstart and the packaging test: user {@code demo@example.com} with project
 * {@code p--0000-0005}, device {@code d--0000-0000-0000-000a} with three streams (5001 temperature with an output
 * unit, 5002 pressure, 5003 flow) holding an hour of history, and a project-level stream 5010 written through the
 * API. Live: every second a reading in each device stream and a burst of three API readings inside one second;
 * every 30 s a late upload of five readings with ten-minute-old timestamps. The sink's target, project-level stream
 * 5020, exists too.
 */
public final class IotilePlatform implements SimulatedPlatform {

    static final String EMAIL = "demo@example.com";
    static final String PASSWORD = "demo-password";
    static final String PROJECT = "p--0000-0005";
    static final String DEVICE = "d--0000-0000-0000-000a";
    static final String[] DEVICE_STREAMS = {"s--0000-0005--0000-0000-0000-000a--5001",
        "s--0000-0005--0000-0000-0000-000a--5002", "s--0000-0005--0000-0000-0000-000a--5003"};
    static final String API_STREAM = "s--0000-0005--0000-0000-0000-0000--5010";
    static final String SINK_STREAM = "s--0000-0005--0000-0000-0000-0000--5020";

    private IotileSimulator simulator;
    private ScheduledExecutorService live;

    @Override
    public String name() {
        return "iotile";
    }

    @Override
    public void start() {
        simulator = IotileSimulator.start();
        simulator.createUser(EMAIL, PASSWORD);
        simulator.createProject(EMAIL, PROJECT, "demo");
        simulator.createDevice(PROJECT, DEVICE);
        String[] labels = {"temperature", "pressure", "flow"};
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < DEVICE_STREAMS.length; i++) {
            simulator.createStream(DEVICE_STREAMS[i], labels[i]);
            simulator.deviceReadings(DEVICE_STREAMS[i], 3600, now - 3600, 1, 1000 * i);
        }
        simulator.setOutputUnit(DEVICE_STREAMS[0], "out--temperature--fahrenheit", "F", 9, 5, 32);
        simulator.createStream(API_STREAM, "counter");
        simulator.createStream(SINK_STREAM, "temperature copy");
        AtomicLong tick = new AtomicLong();
        live = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iotilesim-live");
            t.setDaemon(true);
            return t;
        });
        live.scheduleAtFixedRate(() -> {
            long n = tick.incrementAndGet();
            long second = System.currentTimeMillis() / 1000;
            for (int i = 0; i < DEVICE_STREAMS.length; i++) {
                simulator.deviceReadings(DEVICE_STREAMS[i], 1, second, 1, 1000 * i + n % 100);
            }
            simulator.apiBurst(API_STREAM, 3, second, n * 3);
            if (n % 30 == 0) {
                simulator.deviceReadings(DEVICE_STREAMS[2], 5, second - 600, 1, 9000 + n);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** The running simulator, for tests. */
    IotileSimulator simulator() {
        return simulator;
    }

    @Override
    public Map<String, String> env() {
        return Map.of("IOTILE_URL", simulator.baseUrl(), "IOTILE_EMAIL", EMAIL, "IOTILE_PASSWORD", PASSWORD);
    }

    @Override
    public void close() {
        if (live != null) {
            live.shutdownNow();
            live = null;
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
