package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stored datapoints of one timeseries: a map t -> datapoint under one lock, with heedy's read,
 * write and delete semantics (see protocols/heedy.md §5).
 */
final class TimeseriesData {
    /** heedy stores points in batches of this size; only the v0.5.1 leak emulation looks at it. */
    static final int BATCH_SIZE = 1024;

    /** Go compares decoded numbers as float64, so 5 and 5.0 are the same value. */
    private static final Comparator<JsonNode> NUMERIC_AWARE =
            (a, b) -> {
                if (a.isNumber() && b.isNumber()) {
                    return Double.compare(a.asDouble(), b.asDouble());
                }
                return a.equals(b) ? 0 : 1;
            };

    /** A {@link TreeMap}, or a {@link GeneratedSeries} for a read-only series made on demand; guarded by lock. */
    private NavigableMap<Double, Datapoint> points = new TreeMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    List<Datapoint> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(points.values());
        } finally {
            lock.unlock();
        }
    }

    int length() {
        lock.lock();
        try {
            return points.size();
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            points = new TreeMap<>();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bulk load without checks or events (benchmarks). Existing points at the same t are replaced.
     */
    void load(Collection<Datapoint> batch) {
        lock.lock();
        try {
            requireWritable();
            for (Datapoint dp : batch) {
                points.put(dp.t(), dp);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the stored points with a generated, read-only series (benchmarks at scale). */
    void generate(GeneratedSeries series) {
        lock.lock();
        try {
            points = series;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a read query; {@code v051Leak} reproduces the v0.5.1 bug of not cutting the first batch
     * at t2.
     */
    List<Datapoint> query(TimeseriesQuery q, long nowNanos, boolean v051Leak) {
        Double t1 = q.t1() == null ? null : HeedyTime.parse(q.t1(), nowNanos);
        Double t2 = q.t2() == null ? null : HeedyTime.parse(q.t2(), nowNanos);
        List<Datapoint> result;
        boolean timeOnly = q.i() == null && (q.i1() == null || q.i1() == 0) && q.i2() == null;
        if (timeOnly) {
            if (q.t() != null) {
                if (t1 != null || t2 != null) {
                    throw HeedyError.badQuery(
                            "Cannot query by range and by single timestamp at the same time");
                }
                double t = HeedyTime.parse(q.t(), nowNanos);
                lock.lock();
                try {
                    Datapoint dp = points.get(t);
                    result = dp == null ? new ArrayList<>() : new ArrayList<>(List.of(dp));
                } finally {
                    lock.unlock();
                }
            } else {
                result = timeRange(t1, t2, v051Leak, limit(q));
            }
        } else {
            if (q.t() != null) {
                throw HeedyError.badQuery(
                        "cannot query by single index and single timestamp at the same time");
            }
            if (q.i() != null && (t1 != null || t2 != null || q.i1() != null || q.i2() != null)) {
                throw HeedyError.badQuery(
                        "Cannot query by range and by single index at the same time");
            }
            result = indexRange(q, t1, t2, limit(q));
        }
        if (q.transform() != null && !q.transform().isEmpty()) {
            throw HeedyError.badQuery(
                    "PipeScript transforms are not supported by the heedy simulator");
        }
        if (q.limit() != null && q.limit() > 0 && result.size() > q.limit()) {
            result = new ArrayList<>(result.subList(0, (int) (long) q.limit()));
        }
        return result;
    }

    /** The query's positive limit, or {@link Integer#MAX_VALUE} for none. */
    private static int limit(TimeseriesQuery q) {
        return q.limit() != null && q.limit() > 0 ? (int) Math.min(Integer.MAX_VALUE, q.limit()) : Integer.MAX_VALUE;
    }

    /** The first {@code limit} of {@code points}, copied, so a page does not copy the whole tail of a long series. */
    private static List<Datapoint> first(Collection<Datapoint> points, int limit) {
        // not points.size(): on a range view of the map it counts every point of the range
        List<Datapoint> out = new ArrayList<>(Math.min(limit, 4_096));
        for (Datapoint dp : points) {
            if (out.size() >= limit) {
                break;
            }
            out.add(dp);
        }
        return out;
    }

    private List<Datapoint> timeRange(Double t1, Double t2, boolean v051Leak, int limit) {
        lock.lock();
        try {
            NavigableMap<Double, Datapoint> view = points;
            if (t1 != null) {
                view = view.tailMap(t1, true);
            }
            if (t2 == null) {
                return first(view.values(), limit);
            }
            if (!v051Leak) {
                return first(view.headMap(t2, false).values(), limit);
            }
            return leakyTimeRange(t1, t2);
        } finally {
            lock.unlock();
        }
    }

    /**
     * v0.5.1: the first stored batch overlapping the range is returned without the t2 cut. Call
     * under the lock.
     */
    private List<Datapoint> leakyTimeRange(Double t1, double t2) {
        List<Datapoint> all = new ArrayList<>(points.values());
        int first = 0;
        if (t1 != null) {
            while (first < all.size() && all.get(first).t() < t1) {
                first++;
            }
        }
        List<Datapoint> out = new ArrayList<>();
        if (first >= all.size()) {
            return out;
        }
        int batchStart = (first / BATCH_SIZE) * BATCH_SIZE;
        if (all.get(batchStart).t() > t2) {
            return out;
        }
        int batchEnd = Math.min(all.size(), batchStart + BATCH_SIZE);
        out.addAll(all.subList(first, batchEnd));
        for (int k = batchEnd; k < all.size() && all.get(k).t() < t2; k++) {
            out.add(all.get(k));
        }
        return out;
    }

    /** Walks the points by index instead of copying them all, so a generated series stays unmaterialised. */
    private List<Datapoint> indexRange(TimeseriesQuery q, Double t1, Double t2, int limit) {
        lock.lock();
        try {
            int n = points.size();
            List<Datapoint> out = new ArrayList<>();
            long start;
            long end;
            if (q.i() != null) {
                start = q.i() < 0 ? n + q.i() : q.i();
                end = start + 1; // heedy refuses i with a time range, so t1 and t2 are null here
            } else {
                long[] bounds = resolve(q.i1(), q.i2(), n);
                if (bounds == null) {
                    return out;
                }
                start = bounds[0];
                end = bounds[1];
            }
            if (start < 0 || start >= n) {
                return out;
            }
            long k = 0;
            for (Datapoint dp : points.values()) {
                if (k >= end || out.size() >= limit) {
                    break;
                }
                if (k >= start && (t1 == null || dp.t() >= t1) && (t2 == null || dp.t() < t2)) {
                    out.add(dp);
                }
                k++;
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Index bounds [start, end) with heedy's clamping: i1 past the end gives nothing, i1 before the
     * start clamps, i2 past the end is no bound, i2 before the start gives nothing. {@code null}
     * means an empty result.
     */
    private static long[] resolve(Long i1, Long i2, int n) {
        long start = 0;
        long end = n;
        if (i1 != null) {
            if (i1 >= 0) {
                if (i1 >= n) {
                    return null;
                }
                start = i1;
            } else {
                start = -i1 > n ? 0 : n + i1;
            }
        }
        if (i2 != null) {
            if (i2 >= 0) {
                end = Math.min(i2, n);
            } else {
                if (-i2 > n) {
                    return null;
                }
                end = n + i2;
            }
        }
        return start < end ? new long[] {start, end} : null;
    }

    /** Checks heedy's per-request ordering rules; throws the exact bad_query errors. */
    static void checkOrder(List<Datapoint> batch) {
        double endTime = Double.NEGATIVE_INFINITY;
        boolean inclusive = false;
        for (Datapoint dp : batch) {
            if (dp.dt() < 0) {
                throw HeedyError.badQuery("durations can't be negative");
            }
            if (inclusive ? dp.t() < endTime : dp.t() <= endTime) {
                throw HeedyError.badQuery(
                        "data must be ordered with increasing timestamps, and durations must not intersect");
            }
            inclusive = dp.dt() > 0;
            endTime = dp.end();
        }
    }

    /**
     * Writes a request's points atomically with heedy's method semantics: {@code update} merges
     * (same t replaces, overlapped spans removed), {@code insert} rejects any collision, {@code
     * append} also rejects anything at or before the stored end. An identical re-send of the last
     * stored point is a silent no-op for insert/append.
     */
    void write(List<Datapoint> batch, String method) {
        checkOrder(batch);
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            requireWritable();
            switch (method) {
                case "update" -> {
                    for (Datapoint dp : batch) {
                        removeOverlaps(dp);
                        points.put(dp.t(), dp);
                    }
                }
                case "insert", "append" -> {
                    Map.Entry<Double, Datapoint> lastEntry = points.lastEntry();
                    Datapoint last = lastEntry == null ? null : lastEntry.getValue();
                    List<Datapoint> toAdd = new ArrayList<>(batch.size());
                    for (Datapoint dp : batch) {
                        if (last != null && identical(dp, last)) {
                            continue;
                        }
                        boolean beforeEnd =
                                last != null && (dp.t() <= last.t() || dp.t() < last.end());
                        if (("append".equals(method) && beforeEnd) || collides(dp)) {
                            throw HeedyError.badQuery("conflict with existing datapoint");
                        }
                        toAdd.add(dp);
                    }
                    for (Datapoint dp : toAdd) {
                        points.put(dp.t(), dp);
                    }
                }
                default -> throw HeedyError.badQuery("Unrecognized insert method");
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean identical(Datapoint a, Datapoint b) {
        return a.t() == b.t() && a.dt() == b.dt() && a.d().equals(NUMERIC_AWARE, b.d());
    }

    /**
     * True when a stored point shares dp's t or its span overlaps dp's span. Call under the lock.
     */
    private boolean collides(Datapoint dp) {
        if (points.containsKey(dp.t())) {
            return true;
        }
        Map.Entry<Double, Datapoint> before = points.lowerEntry(dp.t());
        if (before != null && before.getValue().end() > dp.t()) {
            return true;
        }
        Map.Entry<Double, Datapoint> after = points.higherEntry(dp.t());
        return after != null && dp.dt() > 0 && after.getKey() < dp.end();
    }

    /** Removes stored points that share dp's t or overlap its span. Call under the lock. */
    private void removeOverlaps(Datapoint dp) {
        points.remove(dp.t());
        Map.Entry<Double, Datapoint> before = points.lowerEntry(dp.t());
        if (before != null && before.getValue().end() > dp.t()) {
            points.remove(before.getKey());
        }
        if (dp.dt() > 0) {
            points.subMap(dp.t(), true, dp.end(), false).clear();
        }
    }

    /** A generated series cannot change: a simulator limit, answered as a server error. Call under the lock. */
    private void requireWritable() {
        if (points instanceof GeneratedSeries) {
            throw new HeedyError(500, "server_error: the simulator's generated series is read-only");
        }
    }

    /** heedy's timeseries delete; see protocols/heedy.md §5.4. */
    void delete(TimeseriesQuery q, long nowNanos) {
        if (!q.hasAnySelector()) {
            throw HeedyError.badQuery("no index or time range specified");
        }
        if (q.transform() != null || q.limit() != null) {
            throw HeedyError.badQuery("transforms and limits are not supported for delete");
        }
        Double t1 = q.t1() == null ? null : HeedyTime.parse(q.t1(), nowNanos);
        Double t2 = q.t2() == null ? null : HeedyTime.parse(q.t2(), nowNanos);
        if (q.t() != null) {
            if (q.i() != null
                    || q.t1() != null
                    || q.t2() != null
                    || q.i1() != null
                    || q.i2() != null) {
                throw HeedyError.badQuery(
                        "cannot delete by single timestamp with additional range/index");
            }
            double t = HeedyTime.parse(q.t(), nowNanos);
            lock.lock();
            try {
                requireWritable();
                points.remove(t);
            } finally {
                lock.unlock();
            }
            return;
        }
        Long i1 = q.i1();
        Long i2 = q.i2();
        if (q.i() != null) {
            if (q.t1() != null || q.t2() != null || q.i1() != null || q.i2() != null) {
                throw HeedyError.badQuery("cannot delete by single index with additional range");
            }
            i1 = q.i();
            i2 = q.i() == -1 ? null : q.i() + 1;
        }
        lock.lock();
        try {
            requireWritable();
            List<Datapoint> all = new ArrayList<>(points.values());
            long[] bounds = resolve(i1, i2, all.size());
            if (bounds == null) {
                return;
            }
            for (long k = bounds[0]; k < bounds[1]; k++) {
                Datapoint dp = all.get((int) k);
                if ((t1 == null || dp.t() >= t1) && (t2 == null || dp.t() < t2)) {
                    points.remove(dp.t());
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
