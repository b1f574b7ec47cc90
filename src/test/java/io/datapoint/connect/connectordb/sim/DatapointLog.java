package io.datapoint.connect.connectordb.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored datapoints of one stream (or of its downlink substream): append-only, non-decreasing in {@code t},
 * guarded by this object's monitor. Implements ConnectorDB's index and time range rules and the atomic
 * append-or-restamp check that the server runs in a Redis script.
 */
final class DatapointLog {
    static final String INVALID_RANGE = "Invalid index range.";
    static final String OLDER_TIMESTAMP = "Greater timestamp already exists for the stream. Insert Failed.";

    private final ArrayList<Datapoint> points = new ArrayList<>();
    /** The stream's end time; ConnectorDB starts a new stream at 0. */
    private double endTime;

    synchronized int length() {
        return points.size();
    }

    synchronized List<Datapoint> snapshot() {
        return new ArrayList<>(points);
    }

    synchronized void clear() {
        points.clear();
        endTime = 0;
    }

    /**
     * Python-style {@code [i1, i2)}: negatives count from the end, {@code i2 <= 0} is relative to the end (so 0 is
     * "to the end"), both clamp; {@code i1 > i2} after clamping is {@value #INVALID_RANGE}.
     */
    synchronized List<Datapoint> indexRange(long i1, long i2) {
        long len = points.size();
        if (i1 < 0) {
            i1 = Math.max(0, i1 + len);
        }
        if (i2 <= 0) {
            i2 = Math.max(0, i2 + len);
        }
        i2 = Math.min(i2, len);
        if (i1 > i2) {
            throw SimError.op(INVALID_RANGE);
        }
        return new ArrayList<>(points.subList((int) i1, (int) i2));
    }

    /** {@code (t1, t2]}; {@code t2 <= 0} means no upper bound. */
    synchronized List<Datapoint> timeRange(double t1, double t2) {
        int from = firstAfter(t1);
        int to = t2 <= 0 ? points.size() : firstAfter(t2);
        return from >= to ? new ArrayList<>() : new ArrayList<>(points.subList(from, to));
    }

    /** Index of the first point with {@code t > time}; 0 when none is newer (the server's EmptyRange quirk). */
    synchronized long time2index(double time) {
        int i = firstAfter(time);
        return i >= points.size() ? 0 : i;
    }

    /**
     * Appends a batch already checked to be non-decreasing. If the stored end time is greater than the first new
     * {@code t}, POST ({@code restamp=false}) fails and PUT moves the leading older points up to the end time
     * (nudged by 0.00001 when it is integral, as the server's msgpack round trip does). All or nothing.
     *
     * @return the points as stored
     */
    synchronized List<Datapoint> append(List<Datapoint> batch, boolean restamp) {
        if (batch.isEmpty()) {
            return batch;
        }
        List<Datapoint> stored = batch;
        if (endTime > batch.get(0).t()) {
            if (!restamp) {
                throw SimError.op(OLDER_TIMESTAMP);
            }
            double stamp = endTime == Math.rint(endTime) ? endTime + 0.00001 : endTime;
            stored = new ArrayList<>(batch);
            for (int i = 0; i < stored.size() && stored.get(i).t() <= endTime; i++) {
                stored.set(i, stored.get(i).withT(stamp));
            }
        }
        points.addAll(stored);
        endTime = stored.get(stored.size() - 1).t();
        return stored;
    }

    private int firstAfter(double t) {
        int lo = 0;
        int hi = points.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (points.get(mid).t() > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
