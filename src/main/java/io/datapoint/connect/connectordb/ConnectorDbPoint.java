package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A ConnectorDB datapoint.
 *
 * @param t timestamp in seconds since the epoch (float; not unique within a stream)
 * @param d the data, any JSON ({@link NullNode} when absent)
 * @param o the device that wrote it when that was not the stream's owner (downlink commands), else null
 */
public record ConnectorDbPoint(double t, JsonNode d, String o) {

    public ConnectorDbPoint {
        d = d == null ? NullNode.getInstance() : d;
    }

    /** Reads one element of a datapoint array. */
    public static ConnectorDbPoint from(JsonNode json) {
        JsonNode o = json.get("o");
        return new ConnectorDbPoint(json.path("t").asDouble(0), json.get("d"),
            o == null || o.isNull() || o.asText().isEmpty() ? null : o.asText());
    }

    /** The JSON ConnectorDB accepts on insert ({@code o} is set by the server, so it is left out). */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("t", t);
        n.set("d", d);
        return n;
    }

    /** Same time and data: what the sink compares to recognise a point it already wrote. */
    boolean sameAs(ConnectorDbPoint other) {
        return t == other.t && sameData(other);
    }

    /**
     * Same data, numbers compared by value: ConnectorDB keeps every number as a float64 and writes {@code 20.0}
     * back as {@code 20}.
     */
    boolean sameData(ConnectorDbPoint other) {
        return d.equals(NUMBERS_BY_VALUE, other.d);
    }

    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
