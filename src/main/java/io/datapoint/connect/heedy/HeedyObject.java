package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A heedy object as {@code GET /api/objects} describes it.
 *
 * @param id     the object id (a UUID)
 * @param name   display name
 * @param owner  owning user
 * @param app    owning app id, or null
 * @param key    the app-scoped key, or null
 * @param tags   space-separated tags ("" when none)
 * @param type   object type, "timeseries" for streams
 * @param schema the JSON Schema of the datapoints' {@code d} ({@code meta.schema}); an empty object when unset
 */
public record HeedyObject(String id, String name, String owner, String app, String key, String tags, String type,
                          JsonNode schema) {

    /** Reads the object JSON heedy returns. */
    public static HeedyObject from(JsonNode json) {
        JsonNode meta = json.path("meta");
        JsonNode schema = meta.has("schema") ? meta.get("schema") : NullNode.getInstance();
        return new HeedyObject(json.path("id").asText(), json.path("name").asText(""), text(json, "owner"),
            text(json, "app"), text(json, "key"), json.path("tags").asText(""), json.path("type").asText(""), schema);
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The attributes a topic template can use. */
    public Map<String, String> topicAttributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("name", name);
        a.put("owner", owner == null ? "" : owner);
        a.put("key", key == null ? "" : key);
        return a;
    }
}
