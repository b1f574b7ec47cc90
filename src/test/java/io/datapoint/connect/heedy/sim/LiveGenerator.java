package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Appends one datapoint at t = now to an object every period, through the simulator's normal write
 * path (so events fire). {@link #close()} stops it.
 */
public final class LiveGenerator implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final AtomicLong written = new AtomicLong();
    private volatile double lastT = Double.NEGATIVE_INFINITY;

    LiveGenerator(
            HeedySimulator sim, String objectId, Duration every, LongFunction<JsonNode> values) {
        timer =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "heedysim-live-" + objectId);
                    t.setDaemon(true);
                    return t;
                });
        long periodMicros = Math.max(1, every.toNanos() / 1000);
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        double t = System.currentTimeMillis() / 1000.0;
                        if (t <= lastT) {
                            t =
                                    Math.nextUp(
                                            lastT); // timestamps are the series key and must keep
                                                    // increasing
                        }
                        long n = written.get();
                        sim.insert(objectId, List.of(new Datapoint(t, 0, values.apply(n))));
                        lastT = t;
                        written.incrementAndGet();
                    } catch (RuntimeException objectGone) {
                        // the object was deleted or the simulator closed: keep the schedule quiet
                    }
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
    }

    /** How many points this generator has written. */
    public long written() {
        return written.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
