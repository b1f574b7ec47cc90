package io.datapoint.connect.testkit.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Watches a count grow towards a target and gives the steady rate: from the first time it is seen above zero (so
 * that connector start-up, discovery and the first request are left out, for the measured connector and its
 * ceiling alike) to the time it reaches the target, or until a time cap if it is slow.
 */
final class RateProbe {

    private static final long PERIOD_NANOS = Duration.ofMillis(25).toNanos();

    /** What a probe saw. */
    record Rate(long count, double seconds, double perSecond, boolean complete) {

        /** Two runs as one: their mean rate, complete when both were. */
        static Rate mean(Rate a, Rate b) {
            return new Rate(a.count + b.count, a.seconds + b.seconds, (a.perSecond + b.perSecond) / 2,
                a.complete && b.complete);
        }
    }

    private RateProbe() {
    }

    /**
     * Samples {@code count} every 25 ms until it reaches {@code target}, or {@code cap} after it started moving, or
     * {@code startTimeout} without any movement.
     */
    static Rate measure(LongSupplier count, long target, Duration cap, Duration startTimeout) {
        long start = System.nanoTime();
        long firstNanos = -1;
        long firstCount = 0;
        while (true) {
            long now = System.nanoTime();
            long c = count.getAsLong();
            if (firstNanos < 0 && c > 0) {
                firstNanos = now;
                firstCount = c;
            }
            boolean complete = c >= target;
            boolean capped = firstNanos >= 0 && now - firstNanos >= cap.toNanos();
            if (complete || capped) {
                // finished before a second sample: measure from the start instead
                long from = c > firstCount ? firstNanos : start;
                long base = c > firstCount ? firstCount : 0;
                double seconds = (now - from) / 1e9;
                return new Rate(c, seconds, (c - base) / seconds, complete);
            }
            if (firstNanos < 0 && now - start > startTimeout.toNanos()) {
                throw new AssertionError("nothing arrived within " + startTimeout);
            }
            LockSupport.parkNanos(PERIOD_NANOS);
        }
    }
}
