package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import org.apache.kafka.connect.errors.DataException;

/** Serialized JSON inside Connect strings: one strict mapper for writing it and reading it back. */
final class JsonText {

    /** Strict: "12 apples" is not the number 12 followed by noise, it is not JSON at all. */
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {}

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new DataException("cannot serialize a JSON value", e);
        }
    }

    /**
     * The JSON value {@code text} holds, or {@code text} itself as a JSON string when it is not
     * JSON.
     */
    static JsonNode parseOrString(String text) {
        try {
            JsonNode parsed = MAPPER.readTree(text);
            return parsed == null || parsed.isMissingNode() ? new TextNode(text) : parsed;
        } catch (JsonProcessingException e) {
            return new TextNode(text);
        }
    }
}
