package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of {@code GET /api/v1/data/}: a stream reading as IOTile stores it.
 *
 * @param id              database id, unique (not necessarily in insert order)
 * @param stream          the stream slug
 * @param project         project slug ({@code ""} for data-block rows)
 * @param device          device slug
 * @param variable        variable slug
 * @param type            {@code Num}, {@code ITR}, ...
 * @param deviceTimestamp the device's own timestamp, null when absent
 * @param second          the reading time in epoch seconds (the wire has whole seconds)
 * @param intValue        the raw device value, null when absent
 * @param value           the value in the variable type's internal units, null when absent
 * @param streamerId      the device's reading id, 0 for readings written through the API
 */
public record IotileReading(long id, String stream, String project, String device, String variable, String type,
                            Long deviceTimestamp, long second, Long intValue, Double value, long streamerId) {

    /** Reads one element of a {@code results} array. */
    static IotileReading from(JsonNode n) {
        return new IotileReading(n.path("id").asLong(), text(n, "stream"), text(n, "project"), text(n, "device"),
            text(n, "variable"), text(n, "type"), longOrNull(n.get("device_timestamp")),
            IotileClient.parseSecond(n.path("timestamp").asText()), longOrNull(n.get("int_value")),
            n.hasNonNull("value") ? n.get("value").asDouble() : null, n.path("streamer_local_id").asLong(0));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode v) {
        return v == null || v.isNull() ? null : v.asLong();
    }
}
