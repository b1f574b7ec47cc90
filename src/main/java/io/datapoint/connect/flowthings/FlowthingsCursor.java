package io.datapoint.connect.flowthings;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A position in one flow (protocol section 10): every drop with {@code creationDate < ts} was emitted, and so were
 * the drops in {@code ids} (creationDate == ts) and in {@code ahead} (id to creationDate, for drops after ts that
 * were emitted early: pushed drops, or drops REST returned inside the visibility lag). The watermark {@code ts} only
 * moves to a time before which the task has seen everything the server will ever show, so a drop that becomes
 * visible late or was missed by the websocket is still delivered, and none is delivered twice. Immutable.
 *
 * <p>Every emitted record carries its own cursor, and a burst of drops inside the visibility lag can leave
 * thousands at or after the watermark, so cursors share their emitted drops: a cursor is the watermark plus the
 * first {@code size} entries of an append-only {@link Ledger}. {@link #with} on the newest cursor of a ledger
 * appends (an older one copies), and {@link #advanceTo} only moves the watermark: entries before it no longer
 * count and are dropped when the ledger is compacted. Both are O(1) amortized instead of a copy of every id.
 */
final class FlowthingsCursor {

    private final long ts;
    private final Ledger ledger;
    private final int size;

    private FlowthingsCursor(long ts, Ledger ledger, int size) {
        this.ts = ts;
        this.ledger = ledger;
        this.size = size;
    }

    FlowthingsCursor(long ts, Set<String> ids, Map<String, Long> ahead) {
        this.ts = ts;
        this.ledger = new Ledger();
        ids.forEach(id -> ledger.append(id, ts));
        ahead.forEach(ledger::append);
        this.size = ledger.size();
    }

    /** Nothing emitted; drops from {@code ts} on are read. */
    static FlowthingsCursor start(long ts) {
        return new FlowthingsCursor(ts, new Ledger(), 0);
    }

    long ts() {
        return ts;
    }

    /** The drops emitted at ts. */
    Set<String> ids() {
        Set<String> out = new HashSet<>();
        ledger.forEach(size, (id, date) -> {
            if (date == ts) {
                out.add(id);
            }
        });
        return Collections.unmodifiableSet(out);
    }

    /** The drops emitted after ts, with their creationDates. */
    Map<String, Long> ahead() {
        Map<String, Long> out = new HashMap<>();
        ledger.forEach(size, (id, date) -> {
            if (date > ts) {
                out.put(id, date);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Whether the drop was emitted already. */
    boolean emitted(String id, long creationDate) {
        if (creationDate < ts) {
            return true;
        }
        long known = ledger.dateOf(id, size);
        return creationDate == ts ? known == ts : known > ts;
    }

    /** This cursor with one more drop emitted. */
    FlowthingsCursor with(String id, long creationDate) {
        if (emitted(id, creationDate)) {
            return this;
        }
        Ledger l = ledger;
        if (!l.isTip(size) || l.size() >= 2 * Math.max(64, l.liveAtCompaction)) {
            // a cursor behind the newest one may not append to the shared ledger; a ledger mostly made of entries
            // behind the watermark is compacted, so its size stays proportional to what the cursor still knows
            l = compacted();
        }
        l.append(id, creationDate);
        return new FlowthingsCursor(ts, l, l.size());
    }

    private Ledger compacted() {
        Ledger l = new Ledger();
        ledger.forEach(size, (id, date) -> {
            if (date >= ts) {
                l.append(id, date);
            }
        });
        l.liveAtCompaction = l.size();
        return l;
    }

    /**
     * Moves the watermark to {@code w}: the caller knows every drop created before {@code w} was emitted. Ids left
     * behind the watermark are forgotten; ids at it move from {@code ahead} to {@code ids}.
     */
    FlowthingsCursor advanceTo(long w) {
        return w <= ts ? this : new FlowthingsCursor(w, ledger, size);
    }

    /** The newest creationDate emitted at or after the watermark, or {@code ts} when none. */
    long newestKnown() {
        long[] max = {ts};
        ledger.forEach(size, (id, date) -> max[0] = Math.max(max[0], date));
        return max[0];
    }

    /** Whether anything at or after the watermark is known to be emitted. */
    boolean knowsAny() {
        boolean[] any = {false};
        ledger.forEach(size, (id, date) -> any[0] |= date >= ts);
        return any[0];
    }

    boolean knows(String id) {
        return ledger.dateOf(id, size) >= ts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowthingsCursor c && c.ts == ts && c.ids().equals(ids()) && c.ahead().equals(ahead());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ts) * 31 + ids().hashCode();
    }

    @Override
    public String toString() {
        return "FlowthingsCursor{ts=" + ts + ", ids=" + ids().size() + ", ahead=" + ahead().size() + "}";
    }

    /**
     * Emitted drops in the order they were added, shared by a chain of cursors that each see a prefix. Only ever
     * appended to; synchronized because the offsets of emitted records are read on Kafka Connect's threads.
     */
    private static final class Ledger {
        private String[] ids = new String[16];
        private long[] dates = new long[16];
        private int size;
        private final Map<String, Integer> index = new HashMap<>();
        /** Entries when this ledger was built by compaction, which sets when the next one is due. */
        private int liveAtCompaction;

        synchronized int size() {
            return size;
        }

        synchronized boolean isTip(int prefix) {
            return prefix == size;
        }

        synchronized void append(String id, long date) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                dates = Arrays.copyOf(dates, size * 2);
            }
            ids[size] = id;
            dates[size] = date;
            index.put(id, size);
            size++;
        }

        /** The creationDate of the drop among the first {@code prefix} entries, or Long.MIN_VALUE. */
        synchronized long dateOf(String id, int prefix) {
            Integer at = index.get(id);
            return at == null || at >= prefix ? Long.MIN_VALUE : dates[at];
        }

        synchronized void forEach(int prefix, Entry visitor) {
            for (int i = 0; i < prefix; i++) {
                visitor.accept(ids[i], dates[i]);
            }
        }
    }

    @FunctionalInterface
    private interface Entry {
        void accept(String id, long date);
    }
}
