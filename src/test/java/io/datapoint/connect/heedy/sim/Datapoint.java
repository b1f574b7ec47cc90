package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One heedy datapoint: {@code t} (Unix seconds), {@code dt} (duration in seconds, 0 = none) and
 * {@code d} (any JSON). A {@code null} {@code d} is normalised to JSON null.
 */
public record Datapoint(double t, double dt, JsonNode d) {
    public Datapoint {
        d = d == null ? NullNode.getInstance() : d;
    }

    /** The end of the point's span, {@code t + dt}. */
    public double end() {
        return t + dt;
    }
}
