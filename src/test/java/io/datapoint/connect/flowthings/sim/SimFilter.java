package io.datapoint.connect.flowthings.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of the flowthings filter language the simulator understands: {@code member op value} with
 * {@code < <= == > >= !=}, {@code member =~ /regex/flags}, {@code member IN [..]}, {@code EXISTS member},
 * {@code AGE op ms}, {@code NOT rule}, {@code &&}, {@code ||} and parentheses. Strings in single or double quotes;
 * members are dotted paths into the object ({@code elems.x}, {@code creationDate}, {@code path}, {@code id}); typed
 * values ({type, value}) are unwrapped before comparing.
 */
final class SimFilter {

    private static final Pattern FLOOR = Pattern.compile("\\s*\\(?\\s*creationDate\\s*(>=|>)\\s*(\\d{1,18})\\s*\\)?\\s*");
    private final String text;
    private int pos;

    private SimFilter(String text) {
        this.text = text;
    }

    /** Parses a filter; an empty or blank filter matches everything. */
    static Predicate<JsonNode> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return o -> true;
        }
        SimFilter p = new SimFilter(filter);
        Predicate<JsonNode> result = p.or();
        p.skipSpace();
        if (p.pos != p.text.length()) {
            throw new IllegalArgumentException("unexpected '" + filter.substring(p.pos) + "' in filter");
        }
        return result;
    }

    /**
     * The lowest creationDate a filter can match when it is a single {@code creationDate >= N} (or {@code > N})
     * comparison, the catch-up query of section 10; {@link Long#MIN_VALUE} for any other filter. Lets a find start in
     * the creationDate index instead of testing every drop; the filter itself is still applied.
     */
    static long creationDateFloor(String filter) {
        Matcher m = filter == null ? null : FLOOR.matcher(filter);
        if (m == null || !m.matches()) {
            return Long.MIN_VALUE;
        }
        long n = Long.parseLong(m.group(2));
        return m.group(1).equals(">") ? n + 1 : n;
    }

    private Predicate<JsonNode> or() {
        Predicate<JsonNode> left = and();
        while (eat("||")) {
            Predicate<JsonNode> l = left;
            Predicate<JsonNode> r = and();
            left = o -> l.test(o) || r.test(o);
        }
        return left;
    }

    private Predicate<JsonNode> and() {
        Predicate<JsonNode> left = unary();
        while (eat("&&")) {
            Predicate<JsonNode> l = left;
            Predicate<JsonNode> r = unary();
            left = o -> l.test(o) && r.test(o);
        }
        return left;
    }

    private Predicate<JsonNode> unary() {
        if (eat("(")) {
            Predicate<JsonNode> inner = or();
            expect(")");
            return inner;
        }
        if (eatWord("NOT")) {
            Predicate<JsonNode> inner = unary();
            return o -> !inner.test(o);
        }
        if (eatWord("EXISTS")) {
            String member = member();
            return o -> !member(o, member).isMissingNode();
        }
        if (eatWord("AGE")) {
            String field = "creationDate";
            if (eat("(")) {
                field = ((String) literal());
                expect(")");
            }
            String op = operator();
            double ms = ((Number) literal()).doubleValue();
            String f = field;
            return o -> compare(System.currentTimeMillis() - o.path(f).asLong(), op, ms);
        }
        String member = member();
        if (eatWord("IN")) {
            List<Object> values = list();
            return o -> values.stream().anyMatch(v -> equal(value(member(o, member)), v));
        }
        if (eat("=~")) {
            Pattern regex = regex();
            return o -> {
                Object v = value(member(o, member));
                return v instanceof String s && regex.matcher(s).find();
            };
        }
        String op = operator();
        Object literal = literal();
        return o -> {
            Object v = value(member(o, member));
            if (op.equals("==")) {
                return equal(v, literal);
            }
            if (op.equals("!=")) {
                return !equal(v, literal);
            }
            if (v instanceof Number n && literal instanceof Number l) {
                return compare(n.doubleValue(), op, l.doubleValue());
            }
            if (v instanceof String s && literal instanceof String l) {
                return compare(s.compareTo(l), op, 0);
            }
            return false;
        };
    }

    private static boolean compare(double a, String op, double b) {
        return switch (op) {
            case "<" -> a < b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            case ">=" -> a >= b;
            case "==" -> a == b;
            case "!=" -> a != b;
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a != null && a.equals(b);
    }

    private static JsonNode member(JsonNode o, String dotted) {
        JsonNode n = o;
        for (String part : dotted.split("\\.")) {
            n = unwrap(n).path(part);
        }
        return unwrap(n);
    }

    private static JsonNode unwrap(JsonNode n) {
        if (n.isObject() && n.size() == 2 && n.has("type") && n.has("value")) {
            return n.get("value");
        }
        return n;
    }

    private static Object value(JsonNode n) {
        if (n.isNumber()) {
            return n.numberValue();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return null;
    }

    private String operator() {
        skipSpace();
        for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        throw new IllegalArgumentException("expected an operator at '" + text.substring(pos) + "'");
    }

    private String member() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
            || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("expected a member name at '" + text.substring(pos) + "'");
        }
        return text.substring(start, pos);
    }

    private Object literal() {
        skipSpace();
        if (pos >= text.length()) {
            throw new IllegalArgumentException("expected a value at the end of the filter");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length() && text.charAt(pos) != c) {
                if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
                    pos++;
                }
                sb.append(text.charAt(pos++));
            }
            expect(String.valueOf(c));
            return sb.toString();
        }
        int start = pos;
        while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.isEmpty()) {
            if (eatWord("true")) {
                return Boolean.TRUE;
            }
            if (eatWord("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("expected a value at '" + text.substring(pos) + "'");
        }
        double d = Double.parseDouble(word);
        return d == Math.rint(d) && Math.abs(d) < 9e15 ? (Number) (long) d : (Number) d;
    }

    private List<Object> list() {
        expect("[");
        List<Object> values = new ArrayList<>();
        skipSpace();
        if (eat("]")) {
            return values;
        }
        do {
            values.add(literal());
        } while (eat(","));
        expect("]");
        return values;
    }

    private Pattern regex() {
        expect("/");
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '/') {
            if (text.charAt(pos) == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
                pos++;
            }
            sb.append(text.charAt(pos++));
        }
        expect("/");
        int flags = 0;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            if (text.charAt(pos++) == 'i') {
                flags |= Pattern.CASE_INSENSITIVE;
            }
        }
        return Pattern.compile(sb.toString(), flags);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String token) {
        skipSpace();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private boolean eatWord(String word) {
        skipSpace();
        int end = pos + word.length();
        if (text.regionMatches(pos, word, 0, word.length())
            && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!eat(token)) {
            throw new IllegalArgumentException("expected '" + token + "' at '" + text.substring(pos) + "'");
        }
    }
}
