package io.datapoint.connect.testkit.bench;

import java.util.Arrays;

/** Percentiles of a set of latencies (nearest-rank), in milliseconds. */
public final class LatencySummary {

    private final double[] sortedMillis;

    /** @param nanos the latencies, in nanoseconds (at least one) */
    public LatencySummary(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        sortedMillis = Arrays.stream(nanos).mapToDouble(n -> n / 1e6).sorted().toArray();
    }

    /** The nearest-rank {@code p}-th percentile, {@code 0 < p <= 100}. */
    public double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedMillis.length);
        return sortedMillis[Math.max(0, Math.min(sortedMillis.length, rank) - 1)];
    }

    public double max() {
        return sortedMillis[sortedMillis.length - 1];
    }

    public int count() {
        return sortedMillis.length;
    }
}
