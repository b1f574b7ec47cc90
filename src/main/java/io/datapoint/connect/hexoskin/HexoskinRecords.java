package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns samples of one (user, datatype) stream into Kafka record content: key = {@code {user, datatype}}; value =
 * an {@code io.datapoint.connect.hexoskin.Sample} struct {user, datatype, datatype_name, record, tick, timestamp,
 * value}; record timestamp = tick / ticks-per-second in ms (256 ticks per second on api.hexoskin.com).
 */
final class HexoskinRecords {

    static final String PLATFORM = "hexoskin";
    static final String VALUE_SCHEMA_NAME = "io.datapoint.connect.hexoskin.Sample";
    static final String KEY_SCHEMA_NAME = "io.datapoint.connect.hexoskin.Key";
    static final String HEADER_TICK = "datapoint.tick";
    static final String HEADER_RECORD = "datapoint.record";

    static final Schema KEY_SCHEMA = SchemaBuilder.struct().name(KEY_SCHEMA_NAME).version(1)
        .doc("A Hexoskin stream: one datatype of one user")
        .field("user", Schema.INT64_SCHEMA)
        .field("datatype", Schema.INT32_SCHEMA)
        .build();

    static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name(VALUE_SCHEMA_NAME).version(1)
        .doc("One Hexoskin sample: the value of a datatype of a user at a tick (1/256 s since the epoch)")
        .field("user", Schema.INT64_SCHEMA)
        .field("datatype", Schema.INT32_SCHEMA)
        .field("datatype_name", Schema.STRING_SCHEMA)
        .field("record", Schema.INT64_SCHEMA)
        .field("tick", Schema.INT64_SCHEMA)
        .field("timestamp", Timestamp.SCHEMA)
        .field("value", Schema.FLOAT64_SCHEMA)
        .build();

    private final long user;
    private final HexoskinDatatype datatype;
    private final String topic;
    private final long ticksPerSecond;
    private final String streamId;
    private final Struct key;

    HexoskinRecords(long user, HexoskinDatatype datatype, String topic, long ticksPerSecond) {
        this.user = user;
        this.datatype = datatype;
        this.topic = topic;
        this.ticksPerSecond = ticksPerSecond;
        this.streamId = streamId(user, datatype.id());
        this.key = new Struct(KEY_SCHEMA).put("user", user).put("datatype", datatype.id());
    }

    /** The stream id {@code <user>/<datatype id>}. */
    static String streamId(long user, int datatype) {
        return user + "/" + datatype;
    }

    /** Milliseconds since the epoch of a tick (rounded down). */
    static long millis(long tick, long ticksPerSecond) {
        return Math.floorDiv(Math.multiplyExact(tick, 1000L), ticksPerSecond);
    }

    String topic() {
        return topic;
    }

    RecordContent content(long record, long tick, double value) {
        long ms = millis(tick, ticksPerSecond);
        Struct v = new Struct(VALUE_SCHEMA).put("user", user).put("datatype", datatype.id())
            .put("datatype_name", datatype.name()).put("record", record).put("tick", tick)
            .put("timestamp", new java.util.Date(ms)).put("value", value);
        ConnectHeaders headers = RecordHeaders.of(PLATFORM, streamId);
        headers.addLong(HEADER_TICK, tick);
        headers.addLong(HEADER_RECORD, record);
        return new RecordContent(topic, KEY_SCHEMA, key, VALUE_SCHEMA, v, ms, headers, ms);
    }
}
