package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stream's output unit: IOTile's MDO arithmetic {@code result = o + value * m / d} (o skipped when null or 0), as
 * the server computes {@code output_value} from the stored {@code value}.
 *
 * @param slug  the unit's slug, e.g. {@code out--water-meter-volume--gallons}
 * @param unitShort the unit's short name, e.g. {@code G}, or null
 */
record IotileUnit(String slug, String unitShort, double m, double d, double o) {

    /** The output unit of a stream's metadata, or null when it has none (or a malformed one). */
    static IotileUnit outputOf(JsonNode stream) {
        JsonNode u = stream == null ? null : stream.get("output_unit");
        if (u == null || !u.isObject()) {
            return null;
        }
        double m = u.path("m").isNumber() ? u.path("m").asDouble() : 1;
        double d = u.path("d").isNumber() ? u.path("d").asDouble() : 1;
        if (d == 0) {
            return null;
        }
        double o = u.path("o").isNumber() ? u.path("o").asDouble() : 0;
        JsonNode shortName = u.get("unit_short");
        return new IotileUnit(u.path("slug").asText(""), shortName == null || shortName.isNull() ? null
            : shortName.asText(), m, d, o);
    }

    double convert(double value) {
        double v = value * m / d;
        return o == 0 ? v : o + v;
    }
}
