package io.datapoint.connect.heedy.sim;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * heedy's {@code ParseTimestamp}: a Go float first, then {@code now[±<n><unit>...]} as
 * karrick/tparse reads it, then RFC 3339. Failures become 400 errors with Go-like texts (code
 * {@code server_error}, since their heads hold spaces).
 */
final class HeedyTime {
    private static final Pattern GO_FLOAT =
            Pattern.compile("[+-]?((\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|(?i:inf|infinity|nan))");
    private static final double NS = 1e-9;
    private static final Map<String, Double> UNIT_SECONDS =
            Map.ofEntries(
                    Map.entry("ns", NS),
                    Map.entry("us", 1e-6),
                    Map.entry("\u00b5s", 1e-6),
                    Map.entry("\u03bcs", 1e-6),
                    Map.entry("ms", 1e-3),
                    Map.entry("s", 1.0),
                    Map.entry("sec", 1.0),
                    Map.entry("second", 1.0),
                    Map.entry("seconds", 1.0),
                    Map.entry("m", 60.0),
                    Map.entry("min", 60.0),
                    Map.entry("minute", 60.0),
                    Map.entry("minutes", 60.0),
                    Map.entry("h", 3600.0),
                    Map.entry("hr", 3600.0),
                    Map.entry("hour", 3600.0),
                    Map.entry("hours", 3600.0),
                    Map.entry("d", 86400.0),
                    Map.entry("day", 86400.0),
                    Map.entry("days", 86400.0),
                    Map.entry("w", 604800.0),
                    Map.entry("wk", 604800.0),
                    Map.entry("week", 604800.0),
                    Map.entry("weeks", 604800.0));

    private HeedyTime() {}

    /** Parses a query time value; {@code nowNanos} is the server clock in Unix nanoseconds. */
    static double parse(String value, long nowNanos) {
        if (GO_FLOAT.matcher(value).matches()) {
            return Double.parseDouble(
                    value.replaceAll("(?i)inf(inity)?", "Infinity").replaceAll("(?i)nan", "NaN"));
        }
        if (value.startsWith("now")) {
            return addDuration(nowNanos, value.substring(3));
        }
        try {
            OffsetDateTime odt =
                    OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            Instant i = odt.toInstant();
            return i.getEpochSecond() + i.getNano() * NS;
        } catch (DateTimeParseException e) {
            throw new HeedyError(
                    400,
                    "parsing time \""
                            + value
                            + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \""
                            + value
                            + "\" as \"2006\"");
        }
    }

    /**
     * tparse's {@code AddDuration}, including its quirks: a sign applies to the following terms
     * until another sign appears ({@code now-1d12h} is 36 hours back), and years/months are
     * calendar steps with fractions spilled over.
     */
    private static double addDuration(long baseNanos, String s) {
        if (s.isEmpty()) {
            return baseNanos * NS;
        }
        boolean negative = false;
        long exp = 0;
        long whole = 0;
        long fraction = 0;
        double years = 0;
        double months = 0;
        double days = 0;
        double durationNanos = 0;
        int pos = 0;
        while (pos < s.length()) {
            char sign = s.charAt(pos);
            if (sign == '+' || sign == '-') {
                if (s.length() - pos == 1) {
                    throw new HeedyError(400, "cannot parse sign without digits: '" + sign + "'");
                }
                negative = sign == '-';
                pos++;
            }
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    if (exp > 0) {
                        exp++;
                        fraction = 10 * fraction + (c - '0');
                    } else {
                        whole = 10 * whole + (c - '0');
                    }
                    pos++;
                } else if (c == '.') {
                    if (exp > 0) {
                        throw new HeedyError(
                                400,
                                "invalid floating point number format: two decimal points found");
                    }
                    exp = 1;
                    fraction = 0;
                    pos++;
                } else {
                    break;
                }
            }
            double number = whole;
            if (exp > 0) {
                number += fraction * Math.pow(10, 1 - exp);
            }
            if (negative) {
                number = -number;
            }
            int unitEnd = pos;
            while (unitEnd < s.length()) {
                char c = s.charAt(unitEnd);
                if (c == '+' || c == '-' || (c >= '0' && c <= '9')) {
                    break;
                }
                unitEnd++;
            }
            String unit = s.substring(pos, unitEnd);
            Double seconds = UNIT_SECONDS.get(unit);
            if (seconds != null) {
                durationNanos += number * seconds * 1e9;
            } else {
                switch (unit) {
                    case "mo", "mon", "month", "months" -> months += number;
                    case "y", "yr", "year", "years" -> years += number;
                    default ->
                            throw new HeedyError(400, "unknown unit in duration: \"" + unit + "\"");
                }
            }
            pos = unitEnd;
            whole = 0;
        }
        if (years != 0) {
            double w = truncate(years);
            months += 12 * (years - w);
            years = w;
        }
        if (months != 0) {
            double w = truncate(months);
            days += 30 * (months - w);
            months = w;
        }
        if (days != 0) {
            double w = truncate(days);
            durationNanos += (days - w) * 86400e9;
            days = w;
        }
        long nanos = baseNanos;
        if (years != 0 || months != 0 || days != 0) {
            ZonedDateTime base = Instant.ofEpochSecond(0, baseNanos).atZone(ZoneOffset.UTC);
            Instant moved =
                    base.plusYears((long) years)
                            .plusMonths((long) months)
                            .plusDays((long) days)
                            .toInstant();
            nanos = moved.getEpochSecond() * 1_000_000_000L + moved.getNano();
        }
        nanos += (long) durationNanos;
        return nanos / 1e9;
    }

    private static double truncate(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }
}
