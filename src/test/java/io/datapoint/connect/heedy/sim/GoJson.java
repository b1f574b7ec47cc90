package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Writes JSON the way heedy's Go code does, so clients meet the real wire text.
 *
 * <ul>
 *   <li>{@code t} and {@code dt} go through easyjson's {@code Float64}, i.e. Go {@code
 *       strconv.FormatFloat(v,'g',-1,64)}: exponent form when the decimal exponent is below -4 or
 *       at least 6 ({@code 1.5848122971e+09}).
 *   <li>{@code d} and event payloads go through {@code encoding/json}: plain decimals, exponent
 *       form only below 1e-6 or from 1e21 on ({@code 1e-7}, {@code 1e+21}); object keys sorted;
 *       {@code <>&} escaped.
 * </ul>
 */
final class GoJson {
    private GoJson() {}

    /** Go {@code strconv.FormatFloat(v, 'g', -1, 64)} (easyjson's float writer). */
    static String formatG(double v) {
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        Decimal dec = Decimal.shortest(v);
        int exp = dec.point - 1;
        return (exp < -4 || exp >= 6) ? dec.eForm(false) : dec.fForm();
    }

    /** Go {@code encoding/json} float64 text. */
    static String formatEncodingJson(double v) {
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        double abs = Math.abs(v);
        Decimal dec = Decimal.shortest(v);
        return (abs < 1e-6 || abs >= 1e21) ? dec.eForm(true) : dec.fForm();
    }

    /**
     * Appends one datapoint as easyjson writes it: {@code {"t":..,"dt":..,"d":..}} with {@code dt}
     * left out when 0.
     */
    static void writeDatapoint(StringBuilder out, Datapoint dp) {
        out.append("{\"t\":").append(formatG(dp.t()));
        if (dp.dt() != 0) {
            out.append(",\"dt\":").append(formatG(dp.dt()));
        }
        out.append(",\"d\":");
        writeValue(out, dp.d());
        out.append('}');
    }

    /** Appends a JSON array of datapoints. */
    static String datapointArray(List<Datapoint> points) {
        StringBuilder out = new StringBuilder(Math.max(16, points.size() * 40));
        out.append('[');
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeDatapoint(out, points.get(i));
        }
        return out.append(']').toString();
    }

    /**
     * Appends any JSON value the way Go's {@code encoding/json} marshals a decoded {@code
     * interface{}}.
     */
    static void writeValue(StringBuilder out, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isNumber()) {
            out.append(formatEncodingJson(node.asDouble()));
        } else if (node.isTextual()) {
            writeString(out, node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeValue(out, node.get(i));
            }
            out.append(']');
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            Collections.sort(names); // Go marshals map keys sorted
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(out, names.get(i));
                out.append(':');
                writeValue(out, node.get(names.get(i)));
            }
            out.append('}');
        } else {
            writeString(out, node.asText());
        }
    }

    static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' ->
                        out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Shortest round-trip decimal digits of a finite non-zero double: value = 0.digits x 10^point.
     */
    private record Decimal(boolean negative, String digits, int point) {
        static Decimal shortest(double v) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("JSON cannot hold " + v);
            }
            double abs = Math.abs(v);
            Decimal fast = fromJavaString(v < 0, Double.toString(abs));
            if (fast.digits.length() <= 15) {
                return fast; // JDK 17's surplus digits only show up in 16-17 digit outputs (e.g.
                             // 8.409999999999999E21)
            }
            BigDecimal candidate =
                    new BigDecimal(fast.digits)
                            .scaleByPowerOfTen(fast.point - fast.digits.length());
            BigDecimal exact = new BigDecimal(abs);
            for (int p = candidate.precision() - 1; p >= 1; p--) {
                BigDecimal shorter =
                        exact.round(new MathContext(p, RoundingMode.HALF_EVEN))
                                .stripTrailingZeros();
                if (shorter.doubleValue() != abs) {
                    break;
                }
                candidate = shorter;
            }
            candidate = candidate.stripTrailingZeros();
            String digits = candidate.unscaledValue().toString();
            return new Decimal(v < 0, digits, digits.length() - candidate.scale());
        }

        /**
         * Reads Java's {@code 123.45} / {@code 1.2345E-7} text into significant digits and a point
         * position.
         */
        private static Decimal fromJavaString(boolean negative, String s) {
            int e = s.indexOf('E');
            int exp10 = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
            String mantissa = e < 0 ? s : s.substring(0, e);
            int dot = mantissa.indexOf('.');
            String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            int point = dot + exp10;
            int lead = 0;
            while (lead < all.length() - 1 && all.charAt(lead) == '0') {
                lead++;
            }
            int end = all.length();
            while (end > lead + 1 && all.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(negative, all.substring(lead, end), point - lead);
        }

        String eForm(boolean trimExponentZero) {
            StringBuilder b = new StringBuilder(digits.length() + 8);
            if (negative) {
                b.append('-');
            }
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            int exp = point - 1;
            b.append('e').append(exp < 0 ? '-' : '+');
            int absExp = Math.abs(exp);
            if (absExp < 10 && !(trimExponentZero && exp < 0)) {
                b.append('0');
            }
            return b.append(absExp).toString();
        }

        String fForm() {
            StringBuilder b = new StringBuilder(digits.length() + Math.abs(point) + 3);
            if (negative) {
                b.append('-');
            }
            if (point > 0) {
                for (int i = 0; i < point; i++) {
                    b.append(i < digits.length() ? digits.charAt(i) : '0');
                }
            } else {
                b.append('0');
            }
            int decimals = Math.max(digits.length() - point, 0);
            if (decimals > 0) {
                b.append('.');
                for (int i = 0; i < decimals; i++) {
                    int idx = point + i;
                    b.append(idx >= 0 && idx < digits.length() ? digits.charAt(idx) : '0');
                }
            }
            return b.toString();
        }
    }

    /** The name Go's JSON decoder gives a value's kind in its "cannot unmarshal" errors. */
    static String kind(JsonNode v) {
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return v.isObject() ? "object" : "string";
    }
}
