package io.datapoint.connect.hexoskin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The position of one (user, datatype) stream in Hexoskin's record change feed.
 *
 * <ul>
 *   <li>{@code wm}: the {@code last_modified} watermark of the records handled so far. The next feed query asks for
 *       {@code last_modified >= wm}: records modified in the watermark's second are visited again, because
 *       {@code last_modified} has whole seconds, so several records can share one and a record can change again
 *       within the second it was read in; {@code done} makes a visit yield only samples not delivered yet.</li>
 *   <li>{@code rec}, {@code rlm}, {@code rend}, {@code t}: the record being read (null when between records), its
 *       {@code last_modified} and last tick as the feed listed them, and the last tick delivered from it: the next
 *       read starts at {@code t} and drops the repeat.</li>
 *   <li>{@code done}: the last tick delivered of the most recently handled records ({@link #DONE_MAX} of them), so a
 *       record that is modified again (a shirt still syncing, a realtime record filling in) yields only its new
 *       samples.</li>
 * </ul>
 */
final class HexoskinCursor {

    /** How many handled records remember their last delivered tick. */
    static final int DONE_MAX = 64;

    private final String wm;
    private final Long rec;
    private final String rlm;
    private final long rend;
    private final long t;
    private final Map<Long, Long> done;
    /** {@code done} as the offset stores it, built once and shared by the cursors of one record's samples. */
    private final String doneText;

    HexoskinCursor(String wm, Long rec, String rlm, long rend, long t, Map<Long, Long> done) {
        this(wm, rec, rlm, rend, t, Collections.unmodifiableMap(new LinkedHashMap<>(done)), null);
    }

    /** Shares an already immutable {@code done} (and its text) instead of copying it for every sample. */
    private HexoskinCursor(String wm, Long rec, String rlm, long rend, long t, Map<Long, Long> done,
                           String doneText) {
        this.wm = wm;
        this.rec = rec;
        this.rlm = rlm;
        this.rend = rend;
        this.t = t;
        this.done = done;
        this.doneText = doneText != null ? doneText : text(done);
        if (rec != null && rlm == null) {
            throw new IllegalArgumentException("a record in progress needs its last_modified");
        }
    }

    /** Before every record. */
    static HexoskinCursor beginning() {
        return new HexoskinCursor(null, null, null, 0, 0, Map.of());
    }

    /** Only records modified at or after {@code wm}. */
    static HexoskinCursor from(String wm) {
        return new HexoskinCursor(wm, null, null, 0, 0, Map.of());
    }

    String wm() {
        return wm;
    }

    Long rec() {
        return rec;
    }

    String rlm() {
        return rlm;
    }

    long rend() {
        return rend;
    }

    long t() {
        return t;
    }

    Map<Long, Long> done() {
        return done;
    }

    /** {@code done} as {@code "<record>:<tick>,..."}, oldest first; empty when nothing is done. */
    String doneText() {
        return doneText;
    }

    private static String text(Map<Long, Long> done) {
        StringBuilder s = new StringBuilder();
        done.forEach((id, tick) -> s.append(s.isEmpty() ? "" : ",").append(id).append(':').append(tick));
        return s.toString();
    }

    boolean inRecord() {
        return rec != null;
    }

    /** True when the feed's record was handled at this version (modified before the watermark's second). */
    boolean handled(HexoskinRecording r) {
        return wm != null && r.modified().isBefore(HexoskinRecording.parseTime(wm));
    }

    /** Starts reading a record: from the tick after its last delivered one, or from its start. */
    HexoskinCursor begin(HexoskinRecording r) {
        Long last = done.get(r.id());
        long from = last != null ? last : r.start() - 1;
        return new HexoskinCursor(wm, r.id(), r.lastModified(), r.end(), from, done, doneText);
    }

    /** In the current record, having delivered (or scanned) up to tick {@code tick}. */
    HexoskinCursor at(long tick) {
        return new HexoskinCursor(wm, rec, rlm, rend, tick, done, doneText);
    }

    /** The current record is handled: the watermark moves to its last_modified and it remembers its last tick. */
    HexoskinCursor finish() {
        Map<Long, Long> d = new LinkedHashMap<>(done);
        d.remove(rec);
        d.put(rec, t);
        while (d.size() > DONE_MAX) {
            d.remove(d.keySet().iterator().next());
        }
        String newWm = wm != null && HexoskinRecording.parseTime(wm).isAfter(HexoskinRecording.parseTime(rlm))
            ? wm : rlm;
        return new HexoskinCursor(newWm, null, null, 0, 0, d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HexoskinCursor c && rend == c.rend && t == c.t && Objects.equals(wm, c.wm)
            && Objects.equals(rec, c.rec) && Objects.equals(rlm, c.rlm) && done.equals(c.done);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wm, rec, rlm, rend, t, done);
    }

    @Override
    public String toString() {
        return "HexoskinCursor{wm=" + wm + ", rec=" + rec + ", rlm=" + rlm + ", rend=" + rend
            + ", t=" + t + ", done=" + done + "}";
    }
}
