package io.datapoint.connect.hexoskin.sim;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Hexoskin's time texts and resource references. */
final class SimTimes {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private SimTimes() {
    }

    /** {@code 2014-07-17T19:38:06+00:00}: second precision, explicit UTC offset, as Hexoskin renders datetimes. */
    static String format(Instant t) {
        return ISO.format(t.atOffset(ZoneOffset.UTC));
    }

    /** An ISO datetime with or without an offset (naive = UTC). */
    static Instant parse(String s) {
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s.trim()).toInstant(ZoneOffset.UTC);
        }
    }

    /** The id in {@code /api/user/12/} or {@code 12}. */
    static long idOf(String ref) {
        String s = ref.trim();
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        // no regular expression: the simulator looks up every listed object's user this way
        return Long.parseLong(s, s.lastIndexOf('/', end - 1) + 1, end, 10);
    }

    /** Ticks (1/256 s) of an instant. */
    static long ticks(Instant t) {
        return t.toEpochMilli() * 256 / 1000;
    }
}
