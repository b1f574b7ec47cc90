package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Connect value (with or without a schema: Struct, Map, List, primitives, byte[], Connect logical
 * types) → JSON.
 *
 * <p>Struct fields are written under their {@link JsonSchemaMapper#jsonName} and in schema order;
 * fields whose value is null are left out (a platform schema may declare a property without
 * allowing null). Timestamp → epoch millis number; Date → ISO date string; Time → {@code
 * HH:mm:ss.SSS} string; Decimal → number; bytes → base64 string; map keys → text (strings as they
 * are, other keys as their JSON rendering or {@code toString()}); JSON-text strings ({@link
 * JsonSchemaMapper#isJsonText}) are parsed back into JSON; null → {@link NullNode}. Without a
 * schema a {@code java.util.Date} is taken for a timestamp. Non-finite floats have no JSON form and
 * are rejected.
 */
public final class ConnectToJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private ConnectToJson() {}

    /**
     * @param value the Connect value, may be null
     * @param schemaOrNull its schema, or null for schemaless data (the Java type decides)
     * @throws DataException when the value does not fit its schema or has no JSON form, naming the
     *     path ($.a.b)
     */
    public static JsonNode convert(Object value, Schema schemaOrNull) {
        return convert(value, schemaOrNull, JsonPath.ROOT);
    }

    private static JsonNode convert(Object value, Schema schema, JsonPath path) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (schema == null) {
            return schemaless(value, path);
        }
        try {
            return withSchema(value, schema, path);
        } catch (ClassCastException e) {
            throw new DataException(
                    "cannot write "
                            + value.getClass().getName()
                            + " at "
                            + path
                            + " as "
                            + JsonToConnect.expected(schema)
                            + " (schema type "
                            + schema.type()
                            + ")");
        }
    }

    private static JsonNode withSchema(Object value, Schema schema, JsonPath path) {
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Timestamp.LOGICAL_NAME:
                    return NODES.numberNode(((java.util.Date) value).getTime());
                case Date.LOGICAL_NAME:
                    return new TextNode(
                            Instant.ofEpochMilli(((java.util.Date) value).getTime())
                                    .atOffset(ZoneOffset.UTC)
                                    .toLocalDate()
                                    .toString());
                case Time.LOGICAL_NAME:
                    return new TextNode(
                            TIME.format(
                                    LocalTime.ofNanoOfDay(
                                            Math.floorMod(
                                                            ((java.util.Date) value).getTime(),
                                                            86_400_000L)
                                                    * 1_000_000L)));
                case Decimal.LOGICAL_NAME:
                    return NODES.numberNode((BigDecimal) value);
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32 -> NODES.numberNode(((Number) value).intValue());
            case INT64 -> NODES.numberNode(((Number) value).longValue());
            case FLOAT32 -> finite(((Number) value).floatValue(), path);
            case FLOAT64 -> finite(((Number) value).doubleValue(), path);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case STRING ->
                    JsonSchemaMapper.isJsonText(schema)
                            ? JsonText.parseOrString((String) value)
                            : new TextNode((String) value);
            case BYTES -> base64(value, path);
            case ARRAY -> {
                ArrayNode out = NODES.arrayNode();
                int i = 0;
                for (Object element : (Collection<?>) value) {
                    out.add(convert(element, schema.valueSchema(), path.index(i++)));
                }
                yield out;
            }
            case MAP -> {
                ObjectNode out = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    String key = keyText(entry.getKey(), schema.keySchema(), path);
                    out.set(
                            key,
                            convert(entry.getValue(), schema.valueSchema(), path.property(key)));
                }
                yield out;
            }
            // a Struct knows its own schema; reading it by another schema's field indexes could mix
            // up fields
            case STRUCT -> struct((Struct) value, ((Struct) value).schema(), path);
        };
    }

    private static JsonNode struct(Struct struct, Schema schema, JsonPath path) {
        ObjectNode out = NODES.objectNode();
        for (Field field : schema.fields()) {
            Object fieldValue = struct.get(field);
            if (fieldValue != null) {
                String name = JsonSchemaMapper.jsonName(field);
                out.set(name, convert(fieldValue, field.schema(), path.property(name)));
            }
        }
        return out;
    }

    private static JsonNode schemaless(Object value, JsonPath path) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return new TextNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof Float f) {
            return finite(f, path);
        }
        if (value instanceof Double d) {
            return finite(d, path);
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return base64(value, path);
        }
        if (value instanceof java.util.Date date) {
            return NODES.numberNode(date.getTime());
        }
        if (value instanceof Character c) {
            return new TextNode(c.toString());
        }
        if (value instanceof Struct struct) {
            return struct(struct, struct.schema(), path);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = keyText(entry.getKey(), null, path);
                out.set(key, convert(entry.getValue(), null, path.property(key)));
            }
            return out;
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode out = NODES.arrayNode();
            int i = 0;
            for (Object element : collection) {
                out.add(convert(element, null, path.index(i++)));
            }
            return out;
        }
        throw new DataException(
                "cannot write a " + value.getClass().getName() + " at " + path + " as JSON");
    }

    private static String keyText(Object key, Schema keySchema, JsonPath path) {
        if (key == null) {
            throw new DataException("map key null at " + path + " has no JSON form");
        }
        if (key instanceof String s) {
            return s;
        }
        JsonNode node = convert(key, keySchema, path);
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static JsonNode finite(double value, JsonPath path) {
        if (!Double.isFinite(value)) {
            throw new DataException(
                    "cannot write " + value + " at " + path + ": JSON numbers must be finite");
        }
        return NODES.numberNode(value);
    }

    private static JsonNode finite(float value, JsonPath path) {
        if (!Float.isFinite(value)) {
            throw new DataException(
                    "cannot write " + value + " at " + path + ": JSON numbers must be finite");
        }
        return NODES.numberNode(value);
    }

    private static JsonNode base64(Object value, JsonPath path) {
        byte[] bytes;
        if (value instanceof byte[] array) {
            bytes = array;
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            bytes = new byte[view.remaining()];
            view.get(bytes);
        } else {
            throw new DataException(
                    "cannot write a " + value.getClass().getName() + " at " + path + " as bytes");
        }
        return new TextNode(Base64.getEncoder().encodeToString(bytes));
    }
}
