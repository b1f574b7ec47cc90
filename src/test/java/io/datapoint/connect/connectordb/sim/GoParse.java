package io.datapoint.connect.connectordb.sim;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** Go's {@code strconv} parsers as the server uses them for query parameters. */
final class GoParse {
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    private static final Pattern UINT = Pattern.compile("\\d+");

    private GoParse() {
    }

    /** {@code strconv.ParseInt(s, 0, 64)}: sign, then {@code 0x}, {@code 0b}, {@code 0o} or a leading-0 octal. */
    static long parseInt(String s) {
        String x = s;
        boolean negative = false;
        if (x.startsWith("+") || x.startsWith("-")) {
            negative = x.charAt(0) == '-';
            x = x.substring(1);
        }
        int radix = 10;
        if (x.length() > 1 && x.charAt(0) == '0') {
            char c = Character.toLowerCase(x.charAt(1));
            if (c == 'x' || c == 'b' || c == 'o') {
                radix = c == 'x' ? 16 : c == 'b' ? 2 : 8;
                x = x.substring(2);
            } else {
                radix = 8;
                x = x.substring(1);
            }
            x = x.replace("_", "");
        }
        final int r = radix;
        if (x.isEmpty() || !x.chars().allMatch(ch -> Character.digit(ch, r) >= 0)) {
            throw new NumberFormatException();
        }
        BigInteger v = new BigInteger(x, radix);
        if (negative) {
            v = v.negate();
        }
        if (v.bitLength() > 63) {
            throw new NumberFormatException();
        }
        return v.longValue();
    }

    /** {@code strconv.ParseFloat(s, 64)} for decimal notation, {@code inf} and {@code nan}. */
    static double parseFloat(String s) {
        if (FLOAT.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (SPECIAL.matcher(s).matches()) {
            String lower = s.toLowerCase();
            if (lower.contains("nan")) {
                return Double.NaN;
            }
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new NumberFormatException();
    }

    /** {@code strconv.ParseUint(s, 10, 64)}. */
    static long parseUint(String s) {
        if (!UINT.matcher(s).matches()) {
            throw new NumberFormatException();
        }
        return new BigInteger(s).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** {@code strconv.ParseBool}; anything it rejects counts as false here. */
    static boolean parseBool(String s) {
        return s != null && switch (s) {
            case "1", "t", "T", "true", "True", "TRUE" -> true;
            default -> false;
        };
    }
}
