package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A drop as read from REST or pushed on the websocket.
 *
 * @param elems    the drop's elems as plain JSON (typed v0.1 values already unwrapped)
 * @param location the drop's location object, or null
 */
record FlowthingsDrop(String id, String flowId, String path, long creationDate, JsonNode elems, JsonNode location) {

    /**
     * Parses a drop object.
     *
     * @param typed true when elems may be typed ({type, value}), as v0.1 pushes are
     * @throws IllegalArgumentException when id or creationDate is missing
     */
    static FlowthingsDrop parse(JsonNode d, boolean typed) {
        if (!d.path("id").isTextual() || !d.path("creationDate").canConvertToLong()) {
            throw new IllegalArgumentException("a drop without id or numeric creationDate: "
                + abbreviate(d.toString()));
        }
        JsonNode elems = d.path("elems");
        if (typed && elems.isObject()) {
            ObjectNode plain = FlowthingsClient.JSON.createObjectNode();
            elems.fields().forEachRemaining(e -> plain.set(e.getKey(), untype(e.getValue())));
            elems = plain;
        }
        JsonNode location = d.get("location");
        return new FlowthingsDrop(d.get("id").asText(), d.path("flowId").asText(null), d.path("path").asText(null),
            d.get("creationDate").asLong(), elems.isMissingNode() ? null : elems,
            location == null || location.isNull() ? null : location);
    }

    /** Unwraps a typed element ({type, value}); maps and lists are typed member by member. */
    static JsonNode untype(JsonNode n) {
        if (n.isObject() && n.has("type") && n.has("value") && n.size() == 2) {
            JsonNode v = n.get("value");
            String type = n.get("type").asText();
            if (v.isObject() && (type.equals("map") || type.equals("sortedMap"))) {
                ObjectNode o = FlowthingsClient.JSON.createObjectNode();
                v.fields().forEachRemaining(e -> o.set(e.getKey(), untype(e.getValue())));
                return o;
            }
            if (v.isArray()) {
                ArrayNode a = FlowthingsClient.JSON.createArrayNode();
                v.forEach(x -> a.add(untype(x)));
                return a;
            }
            return v;
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
