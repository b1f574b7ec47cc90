package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * An upper estimate of a JSON tree's size as compact UTF-8 text, without writing it: sinks bound their batches by
 * bytes and must not serialize every datapoint twice to find out. Numbers count as the longest a double or long can
 * print (big ones as long as they are), strings as if every character needing escape took six bytes and every other
 * non-ASCII one three.
 */
public final class JsonSize {

    /** {@code -9.223372036854776E18} and {@code -2.2250738585072014E-308} are at most this long. */
    private static final int NUMBER = 24;

    private JsonSize() {
    }

    /** At least the number of bytes {@code node} takes as compact JSON (UTF-8). */
    public static int estimate(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return 4;
        }
        if (node.isBoolean()) {
            return 5;
        }
        if (node.isBigInteger() || node.isBigDecimal()) {
            return node.asText().length();
        }
        if (node.isNumber()) {
            return NUMBER;
        }
        if (node.isTextual()) {
            return text(node.textValue());
        }
        int size = 2;
        if (node.isArray()) {
            for (JsonNode element : node) {
                size += estimate(element) + 1;
            }
            return size;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                size += text(field.getKey()) + 1 + estimate(field.getValue()) + 1;
            }
            return size;
        }
        // binary and POJO nodes are rare in sink data: measure them the slow way
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static int text(String s) {
        int size = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            size += c < 0x20 || c == '"' || c == '\\' ? 6 : c < 0x80 ? 1 : 3;
        }
        return size;
    }
}
