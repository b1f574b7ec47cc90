package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A heedy datapoint.
 *
 * @param t  timestamp in seconds since the epoch (unique per object)
 * @param dt duration in seconds, 0 when none
 * @param d  the data, any JSON
 */
public record HeedyPoint(double t, double dt, JsonNode d) {

    /** Reads one element of a timeseries response. */
    public static HeedyPoint from(JsonNode json) {
        JsonNode d = json.get("d");
        return new HeedyPoint(json.path("t").asDouble(0), json.path("dt").asDouble(0),
            d == null ? NullNode.getInstance() : d);
    }

    /** The JSON heedy accepts on write ({@code dt} left out when 0). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("t", t);
        if (dt != 0) {
            o.put("dt", dt);
        }
        o.set("d", d == null ? NullNode.getInstance() : d);
        return o;
    }
}
