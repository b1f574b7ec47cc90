package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Connect schema → JSON Schema (draft-07) for creating a platform stream from a sink record's
 * schema. Every value {@link ConnectToJson} writes for a Connect schema validates against what this
 * class produces for it.
 *
 * <p>INT8..INT64 and Timestamp → integer; FLOAT32/FLOAT64 and Decimal → number; BOOLEAN → boolean;
 * STRING → string; Date → string (format date); Time → string; BYTES → string with contentEncoding
 * base64; STRUCT → object with properties (named by {@link JsonSchemaMapper#jsonName}), required =
 * the non-optional fields, additionalProperties left open; MAP → object with additionalProperties;
 * ARRAY → array with items; JSON-text strings → {} (any JSON); optional → {@code "type": [x,
 * "null"]}. Docs become descriptions, defaults become defaults.
 */
public final class ConnectToJsonSchema {

    /** The draft-07 meta-schema URI, put on the top-level schema. */
    public static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConnectToJsonSchema() {}

    /**
     * @return a fresh draft-07 schema; a null Connect schema gives {} (anything).
     */
    public static ObjectNode convert(Schema schema) {
        ObjectNode out = NODES.objectNode();
        out.put("$schema", DRAFT_07);
        if (schema != null) {
            out.setAll(node(schema));
        }
        return out;
    }

    private static ObjectNode node(Schema schema) {
        ObjectNode out = NODES.objectNode();
        if (JsonSchemaMapper.isJsonText(schema)) {
            describe(out, schema);
            return out;
        }
        String logical = schema.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            type(out, schema, "integer");
        } else if (Date.LOGICAL_NAME.equals(logical)) {
            type(out, schema, "string").put("format", "date");
        } else if (Time.LOGICAL_NAME.equals(logical)) {
            type(out, schema, "string");
        } else if (Decimal.LOGICAL_NAME.equals(logical)) {
            type(out, schema, "number");
        } else {
            switch (schema.type()) {
                case INT8, INT16, INT32, INT64 -> type(out, schema, "integer");
                case FLOAT32, FLOAT64 -> type(out, schema, "number");
                case BOOLEAN -> type(out, schema, "boolean");
                case STRING -> type(out, schema, "string");
                case BYTES -> type(out, schema, "string").put("contentEncoding", "base64");
                case ARRAY -> type(out, schema, "array").set("items", node(schema.valueSchema()));
                case MAP ->
                        type(out, schema, "object")
                                .set("additionalProperties", node(schema.valueSchema()));
                case STRUCT -> struct(type(out, schema, "object"), schema);
                default -> throw new IllegalStateException("unknown Connect type " + schema.type());
            }
        }
        describe(out, schema);
        if (schema.defaultValue() != null) {
            out.set("default", ConnectToJson.convert(schema.defaultValue(), schema));
        }
        return out;
    }

    private static void struct(ObjectNode out, Schema schema) {
        ObjectNode properties = out.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Field field : schema.fields()) {
            String name = JsonSchemaMapper.jsonName(field);
            properties.set(name, node(field.schema()));
            if (!field.schema().isOptional()) {
                required.add(name);
            }
        }
        if (!required.isEmpty()) {
            out.set("required", required);
        }
    }

    private static ObjectNode type(ObjectNode out, Schema schema, String type) {
        if (schema.isOptional()) {
            out.putArray("type").add(type).add("null");
        } else {
            out.put("type", type);
        }
        return out;
    }

    private static void describe(ObjectNode out, Schema schema) {
        if (schema.doc() != null) {
            out.put("description", schema.doc());
        }
    }
}
