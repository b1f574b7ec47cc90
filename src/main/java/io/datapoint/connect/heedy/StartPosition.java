package io.datapoint.connect.heedy;

/**
 * Where a stream with no stored offset starts: its first datapoint, after its current last one, or at a time.
 *
 * @param kind which of the three
 * @param time the heedy time for {@link Kind#TIME}, else null
 */
record StartPosition(Kind kind, String time) {

    enum Kind { EARLIEST, LATEST, TIME }

    /** Parses {@code earliest}, {@code latest}, or a heedy time (seconds, RFC 3339, {@code now-1d}). */
    static StartPosition parse(String value) {
        String v = value == null ? "earliest" : value.trim();
        if (v.equalsIgnoreCase("earliest")) {
            return new StartPosition(Kind.EARLIEST, null);
        }
        if (v.equalsIgnoreCase("latest")) {
            return new StartPosition(Kind.LATEST, null);
        }
        if (!HeedyTimes.valid(v)) {
            throw new IllegalArgumentException("expected earliest, latest, seconds since the epoch (1700000000.5),"
                + " an RFC 3339 time (2024-01-31T12:00:00Z) or a relative time (now-1d, now-12h30m)");
        }
        return new StartPosition(Kind.TIME, v);
    }
}
