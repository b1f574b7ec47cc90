package io.datapoint.connect.heedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.RecordMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class HeedySinkPartsTest {

    private static HeedySinkRecords mapper(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("heedy.url", "http://localhost:1324");
        props.put("heedy.token", "secret");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        if (!props.containsKey("heedy.key") && !props.containsKey("heedy.topic.objects")) {
            props.put("heedy.object", "obj-1");
        }
        return new HeedySinkRecords(new HeedySinkConfig(props));
    }

    private static SinkRecord record(Schema schema, Object value, Long timestamp) {
        return new SinkRecord("readings", 0, null, null, schema, value, 42, timestamp, TimestampType.CREATE_TIME);
    }

    @Test
    void timeComesFromTheRecordTimestampAndDataFromTheWholeValue() throws Exception {
        RecordMapper.Mapped<HeedySinkPoint> m = mapper().map(record(Schema.FLOAT64_SCHEMA, 21.5, 1_700_000_000_250L));
        assertEquals("object:obj-1", m.target());
        assertEquals(1_700_000_000.25, m.point().point().t());
        assertEquals(21.5, m.point().point().d().asDouble());
    }

    @Test
    void aRecordWithoutATimestampIsABadRecordThatSaysWhatToSet() {
        BadRecordException e = assertThrows(BadRecordException.class,
            () -> mapper().map(record(Schema.FLOAT64_SCHEMA, 1.0, null)));
        assertTrue(e.getMessage().contains("time.field"), e.getMessage());
    }

    @Test
    void timeAndDataCanComeFromFieldsInAnyCommonForm() throws Exception {
        Schema schema = SchemaBuilder.struct().field("when", Timestamp.SCHEMA).field("secs", Schema.FLOAT64_SCHEMA)
            .field("iso", Schema.STRING_SCHEMA).field("reading", Schema.INT32_SCHEMA)
            .field("span", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
        Struct value = new Struct(schema).put("when", new java.util.Date(1_000_500L)).put("secs", 99.5)
            .put("iso", "2024-01-31T12:00:00.5Z").put("reading", 7).put("span", 60.0);
        assertEquals(1000.5, mapper("time.field", "when", "data.field", "reading").map(record(schema, value, null))
            .point().point().t());
        HeedyPoint p = mapper("time.field", "secs", "data.field", "reading", "duration.field", "span")
            .map(record(schema, value, null)).point().point();
        assertEquals(99.5, p.t());
        assertEquals(7, p.d().asInt());
        assertEquals(60.0, p.dt());
        assertEquals(1706702400.5, mapper("time.field", "iso").map(record(schema, value, null)).point().point().t());
        assertEquals(0.0995, mapper("time.field", "secs", "time.field.unit", "milliseconds")
            .map(record(schema, value, null)).point().point().t(), 1e-12);
    }

    @Test
    void schemalessMapsWork() throws Exception {
        Map<String, Object> value = Map.of("t", 12.0, "d", Map.of("x", 1));
        HeedyPoint p = mapper("time.field", "t", "data.field", "d").map(record(null, value, null)).point().point();
        assertEquals(12.0, p.t());
        assertEquals(1, p.d().get("x").asInt());
    }

    @Test
    void tombstonesAreSkippedOrRejectedAsConfigured() throws Exception {
        assertTrue(mapper().map(record(null, null, 5L)).skipped());
        assertThrows(BadRecordException.class,
            () -> mapper("behavior.on.null.values", "fail").map(record(null, null, 5L)));
    }

    @Test
    void aTopicWithoutAnObjectIsABadRecordNamingTheTopic() throws Exception {
        HeedySinkRecords m = mapper("heedy.topic.objects", "other:obj-2,readings:obj-3");
        assertEquals("object:obj-3", m.map(record(Schema.FLOAT64_SCHEMA, 1.0, 5L)).target());
        SinkRecord elsewhere = new SinkRecord("unmapped", 0, null, null, Schema.FLOAT64_SCHEMA, 1.0, 1, 5L,
            TimestampType.CREATE_TIME);
        BadRecordException e = assertThrows(BadRecordException.class, () -> m.map(elsewhere));
        assertTrue(e.getMessage().contains("unmapped"), e.getMessage());
    }

    @Test
    void batchesAreSortedAndTheLastRecordWinsAnEqualTimestamp() throws Exception {
        List<HeedySinkPoint> batch = List.of(point(3, "a"), point(1, "b"), point(3, "c"), point(2, "d"), point(1, "e"));
        List<HeedyPoint> out = HeedyWriter.ordered(batch);
        assertEquals(List.of(1.0, 2.0, 3.0), out.stream().map(HeedyPoint::t).toList());
        assertEquals(List.of("e", "d", "c"), out.stream().map(p -> p.d().asText()).toList());
    }

    private static HeedySinkPoint point(double t, String d) {
        return new HeedySinkPoint(new HeedyPoint(t, 0, HeedyClient.JSON.getNodeFactory().textNode(d)), null);
    }

    @Test
    void topicObjectEntriesMustBeTopicColonId() {
        assertThrows(RuntimeException.class,
            () -> mapper("heedy.topic.objects", "justatopic"));
    }
}
