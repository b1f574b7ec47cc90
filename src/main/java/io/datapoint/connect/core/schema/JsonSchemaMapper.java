package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JSON Schema (draft-07-ish, as heedy/ConnectorDB store it) → Connect {@link Schema} for a
 * datapoint's data field.
 *
 * <p>Rules: number → FLOAT64; integer → INT64; boolean → BOOLEAN; string (any format) and an
 * untyped {@code enum} of strings → STRING; {@code "type": [x, "null"]} → optional x; object with
 * non-empty {@code properties} → STRUCT with optional fields in property order, Avro-valid field
 * names (collisions get {@code _2}, {@code _3}, …) and the original property name in the field
 * schema's {@value #JSON_NAME_PARAM} parameter when it differs; object with only an {@code
 * additionalProperties} schema → MAP&lt;STRING, mapped&gt;; array with an {@code items} schema →
 * ARRAY of the mapped item; everything else that is still JSON (object or array with no usable
 * element schema, {@code $ref}, {@code oneOf}/{@code anyOf}/{@code allOf}, several non-null types,
 * nesting deeper than {@value #MAX_DEPTH}) is JSON text: an optional STRING with parameter {@value
 * #JSON_TEXT_PARAM}{@code ="true"}. The one exception to the combinator rule is the nullable idiom
 * {@code anyOf/oneOf: [S, {"type":"null"}]}, which maps like S.
 *
 * <p>Every schema returned is optional. {@code description} becomes the schema doc. Mapping is a
 * pure function of its inputs, so the same JSON Schema always yields an equal Connect schema (one
 * registry version per stream).
 */
public final class JsonSchemaMapper {

    /**
     * Field-schema parameter holding the original JSON property name when the Avro-valid field name
     * differs.
     */
    public static final String JSON_NAME_PARAM = "json.name";

    /**
     * STRING-schema parameter ({@code "true"}) marking a value that holds serialized JSON rather
     * than a plain string.
     */
    public static final String JSON_TEXT_PARAM = "json.text";

    /** Nesting depth (top level = 0) below which everything is carried as JSON text. */
    public static final int MAX_DEPTH = 16;

    /**
     * The schema callers use for data whose JSON Schema does not pin down a type: optional JSON
     * text.
     */
    public static final Schema JSON_TEXT_SCHEMA = jsonText(null).build();

    private JsonSchemaMapper() {}

    /**
     * @param jsonSchema the platform's JSON Schema (may be null, {} or unusable)
     * @param structName Avro-valid full name for the top-level struct when the schema is an object
     *     (nested objects get structName + "_" + field, sanitized and made unique within this
     *     schema); also names the struct of a top-level array's or map's object elements; otherwise
     *     ignored. It is sanitized with {@link AvroNames#sanitizeFullName}. When null, structs are
     *     left unnamed.
     * @return the mapped schema (always OPTIONAL, so null data is representable), or
     *     Optional.empty() when the schema does not pin down a type (empty schema,
     *     oneOf/anyOf/allOf across types, no "type"), in which case callers use JSON text (e.g.
     *     {@link #JSON_TEXT_SCHEMA}).
     */
    public static Optional<Schema> toConnect(JsonNode jsonSchema, String structName) {
        String name = structName == null ? null : AvroNames.sanitizeFullName(structName);
        return new Mapping().map(jsonSchema, name, 0).map(SchemaBuilder::build);
    }

    /**
     * Whether {@code schema} is a STRING carrying serialized JSON ({@value #JSON_TEXT_PARAM}{@code
     * ="true"}).
     */
    public static boolean isJsonText(Schema schema) {
        if (schema == null || schema.type() != Schema.Type.STRING) {
            return false;
        }
        Map<String, String> params = schema.parameters();
        return params != null && "true".equals(params.get(JSON_TEXT_PARAM));
    }

    /**
     * The JSON property name of a struct field: its {@value #JSON_NAME_PARAM} parameter if set,
     * else the field name.
     */
    public static String jsonName(Field field) {
        Map<String, String> params = field.schema().parameters();
        String original = params == null ? null : params.get(JSON_NAME_PARAM);
        return original != null ? original : field.name();
    }

    private static SchemaBuilder jsonText(String doc) {
        SchemaBuilder builder =
                SchemaBuilder.string().optional().parameter(JSON_TEXT_PARAM, "true");
        return doc == null ? builder : builder.doc(doc);
    }

    private static String description(JsonNode node) {
        JsonNode description = node == null ? null : node.get("description");
        return description != null && description.isTextual() ? description.asText() : null;
    }

    /**
     * One mapping run; remembers the struct names it handed out so nested structs never share a
     * name.
     */
    private static final class Mapping {
        private final Set<String> structNames = new HashSet<>();

        /** Empty = this level does not pin down a type. */
        Optional<SchemaBuilder> map(JsonNode node, String name, int depth) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            if (depth > MAX_DEPTH) {
                return Optional.of(jsonText(description(node)));
            }
            if (node.has("$ref")) {
                return Optional.empty();
            }
            if (node.has("oneOf") || node.has("anyOf") || node.has("allOf")) {
                return nullableAlternative(node)
                        .flatMap(inner -> map(inner, name, depth))
                        .map(builder -> withOuterDoc(builder, node));
            }
            JsonNode type = node.get("type");
            if (type == null) {
                return isStringEnum(node.get("enum"))
                        ? Optional.of(primitive(SchemaBuilder.string(), node))
                        : Optional.empty();
            }
            Optional<String> single = singleNonNullType(type);
            if (single.isEmpty()) {
                return Optional.empty();
            }
            return switch (single.get()) {
                case "number" -> Optional.of(primitive(SchemaBuilder.float64(), node));
                case "integer" -> Optional.of(primitive(SchemaBuilder.int64(), node));
                case "boolean" -> Optional.of(primitive(SchemaBuilder.bool(), node));
                case "string" -> Optional.of(primitive(SchemaBuilder.string(), node));
                case "object" -> Optional.of(object(node, name, depth));
                case "array" -> Optional.of(array(node, name, depth));
                default -> Optional.empty();
            };
        }

        private SchemaBuilder object(JsonNode node, String name, int depth) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject() && !properties.isEmpty()) {
                return struct(node, properties, name, depth);
            }
            JsonNode additional = node.get("additionalProperties");
            Optional<SchemaBuilder> values = map(additional, name, depth + 1);
            if (values.isPresent()) {
                return withDoc(
                        SchemaBuilder.map(Schema.STRING_SCHEMA, values.get().build()).optional(),
                        node);
            }
            return jsonText(description(node));
        }

        private SchemaBuilder array(JsonNode node, String name, int depth) {
            Optional<SchemaBuilder> items = map(node.get("items"), name, depth + 1);
            if (items.isPresent()) {
                return withDoc(SchemaBuilder.array(items.get().build()).optional(), node);
            }
            return jsonText(description(node));
        }

        private SchemaBuilder struct(JsonNode node, JsonNode properties, String name, int depth) {
            SchemaBuilder struct = withDoc(SchemaBuilder.struct().optional(), node);
            String structName = name == null ? null : uniqueStructName(name);
            if (structName != null) {
                struct.name(structName);
            }
            Set<String> fieldNames = new HashSet<>();
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                String jsonName = property.getKey();
                String fieldName = unique(AvroNames.segment(jsonName), fieldNames);
                String childName = structName == null ? null : structName + "_" + fieldName;
                SchemaBuilder child =
                        map(property.getValue(), childName, depth + 1)
                                .orElseGet(() -> jsonText(description(property.getValue())));
                if (!fieldName.equals(jsonName)) {
                    child.parameter(JSON_NAME_PARAM, jsonName);
                }
                struct.field(fieldName, child.build());
            }
            return struct;
        }

        private String uniqueStructName(String name) {
            return unique(name, structNames);
        }

        private static String unique(String base, Set<String> used) {
            String candidate = base;
            for (int n = 2; !used.add(candidate); n++) {
                candidate = base + "_" + n;
            }
            return candidate;
        }

        /**
         * The one schema a combinator reduces to: {@code anyOf/oneOf} with exactly one branch that
         * is not {@code {"type":"null"}} (the nullable idiom), or {@code allOf} with a single
         * branch; and nothing else at this level.
         */
        private static Optional<JsonNode> nullableAlternative(JsonNode node) {
            if (node.has("type") || node.has("properties") || node.has("items")) {
                return Optional.empty();
            }
            int combinators = 0;
            JsonNode branches = null;
            for (String keyword : List.of("oneOf", "anyOf", "allOf")) {
                if (node.has(keyword)) {
                    combinators++;
                    branches = node.get(keyword);
                }
            }
            if (combinators != 1 || !branches.isArray()) {
                return Optional.empty();
            }
            if (node.has("allOf")) {
                // allOf only narrows: a single branch is the schema itself; several are an
                // intersection we do not compute
                return branches.size() == 1 ? Optional.of(branches.get(0)) : Optional.empty();
            }
            JsonNode chosen = null;
            for (JsonNode branch : branches) {
                if (isNullOnly(branch)) {
                    continue;
                }
                if (chosen != null) {
                    return Optional.empty();
                }
                chosen = branch;
            }
            return Optional.ofNullable(chosen);
        }

        private static boolean isNullOnly(JsonNode branch) {
            JsonNode type = branch.get("type");
            return branch.isObject()
                    && type != null
                    && type.isTextual()
                    && "null".equals(type.asText());
        }

        private static Optional<String> singleNonNullType(JsonNode type) {
            if (type.isTextual()) {
                return "null".equals(type.asText()) ? Optional.empty() : Optional.of(type.asText());
            }
            if (!type.isArray()) {
                return Optional.empty();
            }
            String found = null;
            for (JsonNode element : type) {
                if (!element.isTextual()) {
                    return Optional.empty();
                }
                String text = element.asText();
                if ("null".equals(text) || text.equals(found)) {
                    continue;
                }
                if (found != null) {
                    return Optional.empty();
                }
                found = text;
            }
            return Optional.ofNullable(found);
        }

        private static boolean isStringEnum(JsonNode values) {
            if (values == null || !values.isArray()) {
                return false;
            }
            boolean anyString = false;
            for (JsonNode value : values) {
                if (value.isTextual()) {
                    anyString = true;
                } else if (!value.isNull()) {
                    return false;
                }
            }
            return anyString;
        }

        private static SchemaBuilder primitive(SchemaBuilder builder, JsonNode node) {
            return withDoc(builder.optional(), node);
        }

        private static SchemaBuilder withDoc(SchemaBuilder builder, JsonNode node) {
            String doc = description(node);
            return doc == null ? builder : builder.doc(doc);
        }

        private static SchemaBuilder withOuterDoc(SchemaBuilder builder, JsonNode outer) {
            String doc = description(outer);
            return doc == null || builder.doc() != null ? builder : builder.doc(doc);
        }
    }
}
