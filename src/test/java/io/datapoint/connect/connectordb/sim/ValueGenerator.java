package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Deterministic demo values that fit a stream's schema by its {@code type} (number, integer, string, boolean,
 * object with properties, array); anything else gets a number. Value {@code n} of a sequence is a function of n.
 */
final class ValueGenerator {
    private ValueGenerator() {
    }

    static JsonNode value(JsonNode schema, long n) {
        String type = schema.path("type").asText("number");
        if (schema.has("enum") && schema.get("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get((int) (n % schema.get("enum").size()));
        }
        return switch (type) {
            case "integer" -> LongNode.valueOf(n);
            case "string" -> TextNode.valueOf("value-" + n);
            case "boolean" -> BooleanNode.valueOf(n % 2 == 0);
            case "array" -> {
                ArrayNode a = GoJson.MAPPER.createArrayNode();
                a.add(value(schema.path("items"), n));
                yield a;
            }
            case "object" -> {
                ObjectNode o = GoJson.MAPPER.createObjectNode();
                Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
                if (!props.hasNext()) {
                    o.set("value", number(n));
                }
                while (props.hasNext()) {
                    Map.Entry<String, JsonNode> e = props.next();
                    o.set(e.getKey(), value(e.getValue(), n));
                }
                yield o;
            }
            default -> number(n);
        };
    }

    /** A slow sine around 20 with two decimals: looks like a temperature. */
    private static JsonNode number(long n) {
        return DoubleNode.valueOf(Math.round((20 + 5 * Math.sin(n / 10.0)) * 100) / 100.0);
    }
}
