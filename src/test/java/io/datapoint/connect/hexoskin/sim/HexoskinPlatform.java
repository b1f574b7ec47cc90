package io.datapoint.connect.hexoskin.sim;

import io.datapoint.connect.testkit.SimulatedPlatform;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hexoskin for the quickstart and the packaging test: user {@code demo@example.com} with an API key, an hour-long
 * complete record of heart rate, breathing rate and activity, a realtime record that grows by one sample of each
 * every second, and every minute a short recording from two hours ago that syncs late. The connector JSON signs
 * requests with the key and logs in as the demo user.
 */
public final class HexoskinPlatform implements SimulatedPlatform {

    static final String EMAIL = "demo@example.com";
    static final String PASSWORD = "demo-password";
    static final String KEY = "demo-api-key";
    static final String SECRET = "demo-api-secret";
    private static final int[] TYPES = {19, 33, 49};

    private HexoskinSimulator simulator;
    private ScheduledExecutorService live;

    @Override
    public String name() {
        return "hexoskin";
    }

    private static double value(int datatype, long second) {
        return switch (datatype) {
            case 19 -> 70 + (second % 30);
            case 33 -> 14 + (second % 6);
            default -> (second % 50) / 100.0;
        };
    }

    @Override
    public void start() {
        simulator = HexoskinSimulator.start();
        long user = simulator.createUser(EMAIL, PASSWORD);
        simulator.apiKey(KEY, SECRET);
        long now = System.currentTimeMillis() / 1000;
        long hourAgo = now - 3600;
        simulator.syncRecord(user, hourAgo * 256, 256, 3000, TYPES, (d, i) -> value(d, hourAgo + i));
        long liveStart = now * 256;
        long rec = simulator.createRecord(user, liveStart, liveStart, "realtime");
        for (int d : TYPES) {
            simulator.preload(user, d, liveStart, 256, 1, i -> value(d, now));
        }
        AtomicLong n = new AtomicLong(1);
        live = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hexoskin-platform-live");
            t.setDaemon(true);
            return t;
        });
        live.scheduleAtFixedRate(() -> {
            try {
                long i = n.getAndIncrement();
                long tick = liveStart + i * 256;
                for (int d : TYPES) {
                    simulator.preload(user, d, tick, 256, 1, x -> value(d, now + i));
                }
                simulator.updateRecord(rec, tick, "realtime");
                if (i % 60 == 0) {
                    long past = (now - 7200 + i) * 256;
                    simulator.syncRecord(user, past, 256, 30, TYPES, (d, k) -> value(d, past / 256 + k));
                }
            } catch (RuntimeException e) {
                // the simulator is closing
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public Map<String, String> env() {
        return Map.of("HEXOSKIN_URL", simulator.baseUrl(), "HEXOSKIN_API_KEY", KEY, "HEXOSKIN_API_SECRET", SECRET,
            "HEXOSKIN_USERNAME", EMAIL, "HEXOSKIN_PASSWORD", PASSWORD);
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
