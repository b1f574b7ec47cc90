package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A reading bound for IOTile's {@code POST /api/v1/data/}: a time (microseconds kept by the server, whole seconds
 * answered) and the value sent as {@code int_value} with {@code type: "Num"}. The value is the record's JSON as it
 * came (normally an integer); IOTile itself refuses what it cannot take as an integer, with a field error.
 *
 * @param micros   the reading time in microseconds since the epoch
 * @param intValue the value as sent
 */
record IotileSinkPoint(long micros, JsonNode intValue) {

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
        .withZone(ZoneOffset.UTC);

    /** The whole second IOTile answers for this reading. */
    long second() {
        return Math.floorDiv(micros, 1_000_000L);
    }

    /** The value as a long when it is an integral number (what IOTile stores and answers), else null. */
    Long integral() {
        if (intValue.isIntegralNumber() && intValue.canConvertToLong()) {
            return intValue.asLong();
        }
        if (intValue.isNumber() && intValue.asDouble() == Math.rint(intValue.asDouble())
            && Math.abs(intValue.asDouble()) < 9e15) {
            return (long) intValue.asDouble();
        }
        return null;
    }

    /** The JSON of one item of the posted array. */
    ObjectNode toJson(String stream) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("stream", stream)
            .put("timestamp", MICROS.format(Instant.ofEpochSecond(second(), Math.floorMod(micros, 1_000_000L) * 1000L)));
        n.set("int_value", intValue);
        return n.put("type", "Num");
    }
}
