package io.datapoint.connect.heedy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the next read of a heedy object starts. heedy timestamps are unique per object and reads come out sorted by
 * {@code t}, so the last emitted {@code t} names the position exactly; the next read asks for {@code t1 = t}
 * (inclusive) and drops the repeat.
 *
 * @param afterT the last emitted timestamp (seconds); null before anything was emitted
 * @param fromT  where to start before anything was emitted: a heedy time ({@code 1700000000.5}, RFC 3339,
 *               {@code now-1d}) read inclusively; null for the very beginning
 */
public record HeedyCursor(Double afterT, String fromT) {

    /** Before the first datapoint. */
    public static HeedyCursor beginning() {
        return new HeedyCursor(null, null);
    }

    /** At a heedy time, inclusive. */
    public static HeedyCursor from(String heedyTime) {
        return new HeedyCursor(null, heedyTime);
    }

    /** Just after the datapoint at {@code t}. */
    public static HeedyCursor after(double t) {
        return new HeedyCursor(t, null);
    }

    /**
     * The read parameters for the next page of at most {@code max} datapoints. After a datapoint, one more is asked
     * for, since the first one returned is the repeat of the cursor.
     */
    Map<String, String> readQuery(int max) {
        Map<String, String> q = new LinkedHashMap<>();
        if (afterT != null) {
            q.put("t1", HeedyClient.seconds(afterT));
            q.put("limit", Integer.toString(max + 1));
        } else {
            if (fromT != null) {
                q.put("t1", fromT);
            }
            q.put("limit", Integer.toString(max));
        }
        return q;
    }

    /** True when the datapoint at {@code t} comes after this cursor. */
    boolean admits(double t) {
        return afterT == null || t > afterT;
    }
}
