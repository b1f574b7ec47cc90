package io.datapoint.connect.connectordb.sim;

import java.util.List;

/**
 * The few PipeScript transforms the simulator runs: {@code ""} (identity) and {@code "if last"} (keep the last
 * datapoint). Anything else is reported as unsupported; the real server runs full PipeScript.
 */
final class Transforms {
    private Transforms() {
    }

    static boolean supported(String transform) {
        return transform == null || transform.isBlank() || "if last".equals(transform.trim());
    }

    static List<Datapoint> apply(String transform, List<Datapoint> points) {
        if (transform == null || transform.isBlank()) {
            return points;
        }
        if ("if last".equals(transform.trim())) {
            return points.isEmpty() ? points : List.of(points.get(points.size() - 1));
        }
        throw SimError.badRequest("The simulator does not support the transform '" + transform + "'");
    }
}
