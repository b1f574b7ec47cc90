package io.datapoint.connect.iotile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.RecordMapper;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** The IOTile sink's record mapping and config. */
class IotileSinkPartsTest {

    private static final String SLUG = "s--0000-0005--0000-0000-0000-0000--5020";
    private static final Schema READING = SchemaBuilder.struct().field("timestamp", Timestamp.SCHEMA)
        .field("int_value", Schema.OPTIONAL_INT64_SCHEMA).field("slug", Schema.OPTIONAL_STRING_SCHEMA).build();

    private static IotileSinkRecords mapper(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of("iotile.email", "a@b.c", "iotile.password", "x"));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return new IotileSinkRecords(new IotileSinkConfig(props));
    }

    private static SinkRecord record(String topic, Object value, Schema schema, Long timestamp) {
        return new SinkRecord(topic, 0, null, null, schema, value, 7, timestamp,
            org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    @Test
    void aSourceRecordMapsToItsTimeAndIntValueOnTheConfiguredStream() throws BadRecordException {
        Struct v = new Struct(READING).put("timestamp", new java.util.Date(1_700_000_000_250L)).put("int_value", 42L);
        RecordMapper.Mapped<IotileSinkPoint> m = mapper("iotile.stream", "s--5--0--5020", "time.field", "timestamp")
            .map(record("t", v, READING, null));
        assertEquals(SLUG, m.target());
        assertEquals(1_700_000_000_250_000L, m.point().micros());
        assertEquals(42L, m.point().integral());
        assertEquals("2023-11-14T22:13:20.250000Z", m.point().toJson(SLUG).get("timestamp").asText());
        assertEquals("Num", m.point().toJson(SLUG).get("type").asText());
    }

    @Test
    void theStreamComesFromAFieldOrTheTopicMapAndBadOnesAreRefusedWithTheReason() throws BadRecordException {
        Struct v = new Struct(READING).put("timestamp", new java.util.Date(0)).put("int_value", 1L)
            .put("slug", "s--5--a--5001");
        assertEquals("s--0000-0005--0000-0000-0000-000a--5001", mapper("iotile.stream.field", "slug")
            .map(record("t", v, READING, 1000L)).target());
        BadRecordException bad = assertThrows(BadRecordException.class, () -> mapper("iotile.stream.field", "slug")
            .map(record("t", new Struct(READING).put("timestamp", new java.util.Date(0)).put("int_value", 1L)
                .put("slug", "s--5"), READING, 1000L)));
        assertTrue(bad.getMessage().contains("s--PPPP-PPPP"), bad.getMessage());
        assertEquals(SLUG, mapper("iotile.topic.streams", "meters:" + SLUG).map(record("meters", v, READING, 1000L))
            .target());
        assertThrows(BadRecordException.class, () -> mapper("iotile.topic.streams", "meters:" + SLUG)
            .map(record("other", v, READING, 1000L)));
        Struct noValue = new Struct(READING).put("timestamp", new java.util.Date(0));
        assertThrows(BadRecordException.class, () -> mapper("iotile.stream", SLUG).map(record("t", noValue, READING,
            1000L)));
        assertTrue(mapper("iotile.stream", SLUG).map(record("t", null, null, 1000L)).skipped());
    }

    @Test
    void nonIntegralValuesAreSentAsTheyAreForIotileToRefuse() throws BadRecordException {
        RecordMapper.Mapped<IotileSinkPoint> m = mapper("iotile.stream", SLUG, "iotile.value.field", "")
            .map(record("t", 2.5, Schema.FLOAT64_SCHEMA, 1000L));
        assertNull(m.point().integral());
        assertEquals(2.5, m.point().toJson(SLUG).get("int_value").asDouble());
        assertEquals(3L, mapper("iotile.stream", SLUG, "iotile.value.field", "").map(record("t", 3.0,
            Schema.FLOAT64_SCHEMA, 1000L)).point().integral());
    }

    @Test
    void topicStreamEntriesAndTheStreamSlugAreValidated() {
        assertThrows(ConfigException.class, () -> new IotileSinkConfig(Map.of("iotile.topic.streams", "meters")));
        ConfigException e = assertThrows(ConfigException.class, () -> new IotileSinkConfig(Map.of("iotile.stream",
            "p--0005")));
        assertTrue(e.getMessage().contains("s--PPPP-PPPP--DDDD-DDDD-DDDD-DDDD--VVVV"), e.getMessage());
    }
}
