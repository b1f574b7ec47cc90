package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * A stream as {@code GET /api/v1/crud/u/d/s} describes it.
 *
 * @param path      the stream's path (never the downlink substream)
 * @param schema    the stream's JSON Schema, parsed from the string ConnectorDB stores ({} when unset or unreadable)
 * @param datatype  the free-form datatype hint
 * @param downlink  whether writes by other devices go to the downlink substream
 * @param ephemeral whether data is only published, never stored (such streams cannot be read over REST)
 */
public record ConnectorDbStream(ConnectorDbPath path, JsonNode schema, String datatype, boolean downlink,
                                boolean ephemeral) {

    /** Reads the stream JSON; the schema arrives as a JSON string. */
    public static ConnectorDbStream from(ConnectorDbPath path, JsonNode json) {
        return new ConnectorDbStream(path.main(), parseSchema(json.path("schema").asText("")),
            json.path("datatype").asText(""), json.path("downlink").asBoolean(false),
            json.path("ephemeral").asBoolean(false));
    }

    static JsonNode parseSchema(String text) {
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode n = ConnectorDbClient.JSON.readTree(text);
            return n == null || !n.isObject() ? JsonNodeFactory.instance.objectNode() : n;
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
