package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON value → Connect value for a schema produced by {@link JsonSchemaMapper} (or a plain
 * primitive schema, or the Connect logical types Timestamp, Date, Time and Decimal).
 *
 * <p>Numbers: INT8..INT64 accept any JSON number with an integral value in the type's range ({@code
 * 3.0} and {@code 1.0e+06} are integers, {@code 3.5} is not); FLOAT32/FLOAT64 accept any number.
 * STRING accepts only JSON strings, except JSON-text strings ({@link JsonSchemaMapper#isJsonText}),
 * which take any JSON value and hold its compact serialization. BYTES take a base64 string. Structs
 * look properties up by {@link JsonSchemaMapper#jsonName}; extra JSON properties are ignored,
 * missing or null ones become null (or the field's default), and a missing required field is an
 * error. Nothing else is coerced (no numbers from strings).
 */
public final class JsonToConnect {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int MAX_SHOWN_CHARS = 60;

    private JsonToConnect() {}

    /**
     * @throws DataException naming the JSON path (e.g. "$.pos.lat") and what was expected vs found,
     *     e.g. "expected a number at $.pos.lat but found string \"x\"". Integers outside long
     *     range, fractional numbers for INT64 (heedy sends 1.0e+06 style numbers: 3.0 is an
     *     integer, 3.5 is not), and missing/extra fields are handled: extra JSON properties not in
     *     the struct are ignored, missing ones become null.
     */
    public static Object convert(JsonNode value, Schema schema) {
        if (schema == null) {
            throw new DataException("no schema to convert the JSON value at $ with");
        }
        return convert(value, schema, JsonPath.ROOT, false);
    }

    private static Object convert(JsonNode node, Schema schema, JsonPath path, boolean missing) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (schema.isOptional()) {
                return null;
            }
            if (schema.defaultValue() != null) {
                return schema.defaultValue();
            }
            throw new DataException(
                    "expected "
                            + expected(schema)
                            + " at "
                            + path
                            + " but "
                            + (missing ? "the property is missing" : "found null"));
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Timestamp.LOGICAL_NAME:
                    return timestamp(node, schema, path);
                case Date.LOGICAL_NAME:
                    return date(node, schema, path);
                case Time.LOGICAL_NAME:
                    return time(node, schema, path);
                case Decimal.LOGICAL_NAME:
                    return decimal(node, schema, path);
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8 -> (byte) integral(node, schema, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16 -> (short) integral(node, schema, path, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32 -> (int) integral(node, schema, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> integral(node, schema, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32 -> float32(node, schema, path);
            case FLOAT64 -> float64(node, schema, path);
            case BOOLEAN -> {
                require(node.isBoolean(), node, schema, path);
                yield node.booleanValue();
            }
            case STRING -> string(node, schema, path);
            case BYTES -> bytes(node, schema, path);
            case ARRAY -> array(node, schema, path);
            case MAP -> map(node, schema, path);
            case STRUCT -> struct(node, schema, path);
        };
    }

    private static String string(JsonNode node, Schema schema, JsonPath path) {
        if (JsonSchemaMapper.isJsonText(schema)) {
            return JsonText.write(node);
        }
        require(node.isTextual(), node, schema, path);
        return node.textValue();
    }

    private static long integral(JsonNode node, Schema schema, JsonPath path, long min, long max) {
        require(node.isNumber(), node, schema, path);
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else {
            BigDecimal decimal = exactDecimal(node, schema, path).stripTrailingZeros();
            if (decimal.scale() > 0) {
                throw mismatch(node, schema, path);
            }
            // precision - scale = number of integer digits; refuse before materializing e.g.
            // 1e999999
            if (decimal.precision() - decimal.scale() > 19) {
                throw outOfRange(node, schema, path);
            }
            value = decimal.toBigIntegerExact();
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0
                || value.compareTo(BigInteger.valueOf(max)) > 0
                || value.compareTo(LONG_MIN) < 0
                || value.compareTo(LONG_MAX) > 0) {
            throw outOfRange(node, schema, path);
        }
        return value.longValue();
    }

    private static BigDecimal exactDecimal(JsonNode node, Schema schema, JsonPath path) {
        try {
            return node.decimalValue();
        } catch (NumberFormatException e) {
            // NaN or infinity from a lenient parser
            throw mismatch(node, schema, path);
        }
    }

    private static double float64(JsonNode node, Schema schema, JsonPath path) {
        require(node.isNumber(), node, schema, path);
        double value = node.doubleValue();
        if (Double.isInfinite(value) && !node.isFloatingPointNumber()) {
            throw outOfRange(node, schema, path);
        }
        return value;
    }

    private static float float32(JsonNode node, Schema schema, JsonPath path) {
        double value = float64(node, schema, path);
        float narrowed = (float) value;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
            throw outOfRange(node, schema, path);
        }
        return narrowed;
    }

    private static byte[] bytes(JsonNode node, Schema schema, JsonPath path) {
        try {
            if (node.isBinary()) {
                return node.binaryValue();
            }
            require(node.isTextual(), node, schema, path);
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException | IOException e) {
            throw mismatch(node, schema, path);
        }
    }

    private static List<Object> array(JsonNode node, Schema schema, JsonPath path) {
        require(node.isArray(), node, schema, path);
        List<Object> out = new ArrayList<>(node.size());
        Schema items = schema.valueSchema();
        for (int i = 0; i < node.size(); i++) {
            out.add(convert(node.get(i), items, path.index(i), false));
        }
        return out;
    }

    private static Map<Object, Object> map(JsonNode node, Schema schema, JsonPath path) {
        require(node.isObject(), node, schema, path);
        Map<Object, Object> out = new LinkedHashMap<>();
        Schema keys = schema.keySchema();
        Schema values = schema.valueSchema();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonPath at = path.property(entry.getKey());
            Object key =
                    keys.type() == Schema.Type.STRING && !JsonSchemaMapper.isJsonText(keys)
                            ? entry.getKey()
                            : convert(JsonText.parseOrString(entry.getKey()), keys, at, false);
            out.put(key, convert(entry.getValue(), values, at, false));
        }
        return out;
    }

    private static Struct struct(JsonNode node, Schema schema, JsonPath path) {
        require(node.isObject(), node, schema, path);
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            String name = JsonSchemaMapper.jsonName(field);
            JsonNode child = node.get(name);
            struct.put(field, convert(child, field.schema(), path.property(name), child == null));
        }
        return struct;
    }

    private static java.util.Date timestamp(JsonNode node, Schema schema, JsonPath path) {
        if (node.isTextual()) {
            try {
                return java.util.Date.from(OffsetDateTime.parse(node.textValue()).toInstant());
            } catch (DateTimeException e) {
                try {
                    return java.util.Date.from(Instant.parse(node.textValue()));
                } catch (DateTimeException e2) {
                    throw mismatch(node, schema, path);
                }
            }
        }
        return new java.util.Date(integral(node, schema, path, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static java.util.Date date(JsonNode node, Schema schema, JsonPath path) {
        long days;
        if (node.isTextual()) {
            try {
                days = LocalDate.parse(node.textValue()).toEpochDay();
            } catch (DateTimeException e) {
                throw mismatch(node, schema, path);
            }
        } else {
            days = integral(node, schema, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        return new java.util.Date(days * MILLIS_PER_DAY);
    }

    private static java.util.Date time(JsonNode node, Schema schema, JsonPath path) {
        if (node.isTextual()) {
            try {
                return new java.util.Date(
                        LocalTime.parse(node.textValue()).toNanoOfDay() / 1_000_000L);
            } catch (DateTimeException e) {
                throw mismatch(node, schema, path);
            }
        }
        return new java.util.Date(integral(node, schema, path, 0, MILLIS_PER_DAY - 1));
    }

    private static BigDecimal decimal(JsonNode node, Schema schema, JsonPath path) {
        BigDecimal value;
        if (node.isTextual()) {
            try {
                value = new BigDecimal(node.textValue());
            } catch (NumberFormatException e) {
                throw mismatch(node, schema, path);
            }
        } else {
            require(node.isNumber(), node, schema, path);
            value = exactDecimal(node, schema, path);
        }
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        try {
            return value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new DataException(
                    "expected "
                            + expected(schema)
                            + " at "
                            + path
                            + " but found "
                            + found(node)
                            + " (more than "
                            + scale
                            + " decimal places)");
        }
    }

    private static void require(boolean ok, JsonNode node, Schema schema, JsonPath path) {
        if (!ok) {
            throw mismatch(node, schema, path);
        }
    }

    private static DataException mismatch(JsonNode node, Schema schema, JsonPath path) {
        return new DataException(
                "expected " + expected(schema) + " at " + path + " but found " + found(node));
    }

    private static DataException outOfRange(JsonNode node, Schema schema, JsonPath path) {
        return new DataException(
                "expected "
                        + expected(schema)
                        + " at "
                        + path
                        + " but found "
                        + found(node)
                        + " (out of range)");
    }

    /** What a schema expects, phrased for an error message ("an integer", "a number", ...). */
    static String expected(Schema schema) {
        String logical = schema.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return "a timestamp (epoch milliseconds or ISO-8601 date-time)";
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return "a date (ISO-8601 yyyy-MM-dd or epoch days)";
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return "a time of day (ISO-8601 HH:mm:ss or milliseconds of the day)";
        }
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return "a decimal number";
        }
        return switch (schema.type()) {
            case INT8 -> "an 8-bit integer";
            case INT16 -> "a 16-bit integer";
            case INT32 -> "a 32-bit integer";
            case INT64 -> "an integer";
            case FLOAT32, FLOAT64 -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> JsonSchemaMapper.isJsonText(schema) ? "a JSON value" : "a string";
            case BYTES -> "a base64 string";
            case ARRAY -> "an array";
            case MAP, STRUCT -> "an object";
        };
    }

    /**
     * What a JSON node is, with a short rendering of scalars: {@code string "x"}, {@code number
     * 3.5}.
     */
    static String found(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string " + shorten(node.toString());
            case NUMBER -> "number " + shorten(node.toString());
            case BOOLEAN -> "boolean " + node.booleanValue();
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
            case POJO -> "a Java object";
        };
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}
