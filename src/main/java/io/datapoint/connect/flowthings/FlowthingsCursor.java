package io.datapoint.connect.flowthings;

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
 */
final class FlowthingsCursor {

    private final long ts;
    private final Set<String> ids;
    private final Map<String, Long> ahead;

    FlowthingsCursor(long ts, Set<String> ids, Map<String, Long> ahead) {
        this.ts = ts;
        this.ids = ids.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(new HashSet<>(ids));
        this.ahead = ahead.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new HashMap<>(ahead));
    }

    /**
     * A cursor over collections made for it, wrapped without another copy (a cursor is built per drop read). The
     * caller must not touch them afterwards.
     */
    private static FlowthingsCursor owning(long ts, Set<String> ids, Map<String, Long> ahead) {
        Set<String> i = ids.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(ids);
        Map<String, Long> a = ahead.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(ahead);
        return new FlowthingsCursor(ts, i, a, null);
    }

    private FlowthingsCursor(long ts, Set<String> ids, Map<String, Long> ahead, Void wrapped) {
        this.ts = ts;
        this.ids = ids;
        this.ahead = ahead;
    }

    /** Nothing emitted; drops from {@code ts} on are read. */
    static FlowthingsCursor start(long ts) {
        return new FlowthingsCursor(ts, Set.of(), Map.of());
    }

    long ts() {
        return ts;
    }

    Set<String> ids() {
        return ids;
    }

    Map<String, Long> ahead() {
        return ahead;
    }

    /** Whether the drop was emitted already. */
    boolean emitted(String id, long creationDate) {
        if (creationDate < ts) {
            return true;
        }
        return creationDate == ts ? ids.contains(id) : ahead.containsKey(id);
    }

    /** This cursor with one more drop emitted. */
    FlowthingsCursor with(String id, long creationDate) {
        if (emitted(id, creationDate)) {
            return this;
        }
        if (creationDate == ts) {
            Set<String> more = new HashSet<>(ids);
            more.add(id);
            return owning(ts, more, ahead);
        }
        Map<String, Long> more = new HashMap<>(ahead);
        more.put(id, creationDate);
        return owning(ts, ids, more);
    }

    /**
     * Moves the watermark to {@code w}: the caller knows every drop created before {@code w} was emitted. Ids left
     * behind the watermark are forgotten; ids at it move from {@code ahead} to {@code ids}.
     */
    FlowthingsCursor advanceTo(long w) {
        if (w <= ts) {
            return this;
        }
        if (ahead.isEmpty()) {
            return owning(w, Collections.emptySet(), Collections.emptyMap());
        }
        Set<String> at = new HashSet<>();
        Map<String, Long> later = new HashMap<>();
        ahead.forEach((id, date) -> {
            if (date == w) {
                at.add(id);
            } else if (date > w) {
                later.put(id, date);
            }
        });
        return owning(w, at, later);
    }

    /** The newest creationDate emitted at or after the watermark, or {@code ts} when none. */
    long newestKnown() {
        long max = ts;
        for (long d : ahead.values()) {
            max = Math.max(max, d);
        }
        return max;
    }

    /** Whether anything at or after the watermark is known to be emitted. */
    boolean knowsAny() {
        return !ids.isEmpty() || !ahead.isEmpty();
    }

    boolean knows(String id) {
        return ids.contains(id) || ahead.containsKey(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowthingsCursor c && c.ts == ts && c.ids.equals(ids) && c.ahead.equals(ahead);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ts) * 31 + ids.hashCode();
    }

    @Override
    public String toString() {
        return "FlowthingsCursor{ts=" + ts + ", ids=" + ids.size() + ", ahead=" + ahead.size() + "}";
    }
}
