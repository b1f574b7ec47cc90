package io.datapoint.connect.iotile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * An immutable set of reading ids kept as sorted, disjoint ranges, written {@code 1001-1500,1502}. The readings of
 * one busy second are usually inserted together and get consecutive ids, so the set of ids delivered at a second
 * stays a few ranges however many readings the second holds; each record's offset carries it, so its size matters.
 */
final class IotileIdRanges {

    static final IotileIdRanges EMPTY = new IotileIdRanges(new long[0]);

    /** Pairs of inclusive bounds: {@code [lo0, hi0, lo1, hi1, ...]}, sorted, with gaps between ranges. */
    private final long[] bounds;

    private IotileIdRanges(long[] bounds) {
        this.bounds = bounds;
    }

    static IotileIdRanges of(Collection<Long> ids) {
        IotileIdRanges r = EMPTY;
        for (Long id : new TreeSet<>(ids)) {
            r = r.with(id);
        }
        return r;
    }

    /**
     * Parses {@code 1001-1500,1502} (single ids and inclusive ranges, any order).
     *
     * @throws IllegalArgumentException when an entry is not a non-negative id or range
     */
    static IotileIdRanges parse(String text) {
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-', 1);
            long lo = Long.parseLong(dash < 0 ? p : p.substring(0, dash).trim());
            long hi = dash < 0 ? lo : Long.parseLong(p.substring(dash + 1).trim());
            if (lo < 0 || hi < lo) {
                throw new IllegalArgumentException("'" + p + "' is not a reading id or a range lo-hi");
            }
            ranges.add(new long[] {lo, hi});
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Long> merged = new ArrayList<>();
        for (long[] r : ranges) {
            int n = merged.size();
            if (n > 0 && r[0] <= merged.get(n - 1) + 1) {
                merged.set(n - 1, Math.max(merged.get(n - 1), r[1]));
            } else {
                merged.add(r[0]);
                merged.add(r[1]);
            }
        }
        long[] b = new long[merged.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = merged.get(i);
        }
        return new IotileIdRanges(b);
    }

    boolean isEmpty() {
        return bounds.length == 0;
    }

    boolean contains(long id) {
        int i = index(id);
        return i >= 0 && id <= bounds[2 * i + 1];
    }

    /** The index of the last range starting at or before {@code id}, or -1. */
    private int index(long id) {
        int lo = 0;
        int hi = bounds.length / 2 - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (bounds[2 * mid] <= id) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** This set with {@code id} added. */
    IotileIdRanges with(long id) {
        if (contains(id)) {
            return this;
        }
        int i = index(id); // range before id, or -1
        boolean joinsBefore = i >= 0 && bounds[2 * i + 1] == id - 1;
        boolean joinsAfter = 2 * (i + 1) < bounds.length && bounds[2 * (i + 1)] == id + 1;
        long[] b;
        if (joinsBefore && joinsAfter) {
            b = new long[bounds.length - 2];
            System.arraycopy(bounds, 0, b, 0, 2 * i + 1);
            System.arraycopy(bounds, 2 * i + 3, b, 2 * i + 1, bounds.length - 2 * i - 3);
        } else if (joinsBefore) {
            b = bounds.clone();
            b[2 * i + 1] = id;
        } else if (joinsAfter) {
            b = bounds.clone();
            b[2 * (i + 1)] = id;
        } else {
            b = new long[bounds.length + 2];
            int at = 2 * (i + 1);
            System.arraycopy(bounds, 0, b, 0, at);
            b[at] = id;
            b[at + 1] = id;
            System.arraycopy(bounds, at, b, at + 2, bounds.length - at);
        }
        return new IotileIdRanges(b);
    }

    /** Every id, ascending (for tests and small sets). */
    List<Long> toList() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            for (long id = bounds[i]; id <= bounds[i + 1]; id++) {
                out.add(id);
            }
        }
        return out;
    }

    /** {@code 1001-1500,1502}; empty for no ids. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                s.append(',');
            }
            s.append(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                s.append('-').append(bounds[i + 1]);
            }
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IotileIdRanges r && Arrays.equals(bounds, r.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }
}
