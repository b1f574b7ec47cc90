package io.datapoint.connect.heedy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** heedy's time syntax as its server parses it: a float (seconds), RFC 3339, or {@code now} with signed terms. */
final class HeedyTimes {

    private static final String UNIT = "(ns|us|µs|μs|ms|s|sec|second|seconds|m|min|minute|minutes|h|hr|hour|hours"
        + "|d|day|days|w|wk|week|weeks|mo|mon|month|months|y|yr|year|years)";
    private static final Pattern RELATIVE = Pattern.compile("now([+-]?\\d+(\\.\\d+)?" + UNIT + ")*");

    private HeedyTimes() {
    }

    /** True when heedy would accept this as a time. */
    static boolean valid(String s) {
        if (s == null || s.isBlank()) {
            return false;
        }
        String v = s.trim();
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d);
        } catch (NumberFormatException ignored) {
            // not a number; try the other forms
        }
        if (RELATIVE.matcher(v).matches()) {
            return true;
        }
        try {
            OffsetDateTime.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
