package io.datapoint.connect.testkit.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how late a thread of this JVM wakes from a 1 ms sleep, while it runs: GC pauses and a machine too busy to
 * schedule the JVM show up here as they do in every latency measured at the same time. A latency figure with
 * hiccups as long as its tail says the tail is the machine's, not the code's.
 */
public final class Hiccups implements AutoCloseable {

    private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Lateness counted as a hiccup. */
    private static final long HICCUP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts measuring. */
    public Hiccups() {
        thread = new Thread(this::run, "hiccups");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(SLEEP_NANOS);
            long late = System.nanoTime() - before - SLEEP_NANOS;
            if (late >= HICCUP_NANOS) {
                count.incrementAndGet();
                total.addAndGet(late);
                longest.accumulateAndGet(late, Math::max);
            }
        }
    }

    /** Hiccups of at least 20 ms so far. */
    public long count() {
        return count.get();
    }

    /** Their total length, in milliseconds. */
    public double totalMillis() {
        return total.get() / 1e6;
    }

    /** The longest, in milliseconds. */
    public double longestMillis() {
        return longest.get() / 1e6;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
