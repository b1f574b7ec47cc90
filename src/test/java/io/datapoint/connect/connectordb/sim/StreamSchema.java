package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * A stream's JSON Schema. ConnectorDB stores it as a minified JSON <em>string</em>; {@code ""} counts as {@code {}},
 * which accepts anything. Validation uses Draft 4 unless the schema names another dialect.
 */
final class StreamSchema {
    static final String INVALID = "The provided schema is not a valid JSONSchema";
    static final StreamSchema ANY = new StreamSchema("{}", null);

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of("http://json-schema.org/draft-04/schema#"));

    private final String text;
    private final Schema schema; // null = accepts anything

    private StreamSchema(String text, Schema schema) {
        this.text = text;
        this.schema = schema;
    }

    /** Parses and checks a schema string; an invalid one is an operation error with {@value #INVALID}. */
    static StreamSchema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            return ANY;
        }
        JsonNode node;
        try {
            node = GoJson.MAPPER.readTree(schemaText);
        } catch (Exception e) {
            throw SimError.op(INVALID);
        }
        return of(node);
    }

    static StreamSchema of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return ANY;
        }
        if (!node.isObject()) {
            throw SimError.op(INVALID);
        }
        String minified = node.toString();
        if (node.isEmpty()) {
            return new StreamSchema(minified, null);
        }
        try {
            if (!META.validate(node).isEmpty()) {
                throw SimError.op(INVALID);
            }
            return new StreamSchema(minified, REGISTRY.getSchema(node));
        } catch (SimError e) {
            throw e;
        } catch (RuntimeException e) {
            throw SimError.op(INVALID);
        }
    }

    String text() {
        return text;
    }

    JsonNode node() {
        try {
            return GoJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    boolean accepts(JsonNode value) {
        return schema == null || schema.validate(value == null ? NullNode.getInstance() : value).isEmpty();
    }
}
