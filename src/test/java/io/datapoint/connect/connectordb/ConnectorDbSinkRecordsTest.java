package io.datapoint.connect.connectordb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.RecordMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Mapping sink records to ConnectorDB datapoints and targets. */
class ConnectorDbSinkRecordsTest {

    private static final Schema VALUE = SchemaBuilder.struct().field("t", Schema.FLOAT64_SCHEMA)
        .field("d", Schema.OPTIONAL_BOOLEAN_SCHEMA).field("path", Schema.OPTIONAL_STRING_SCHEMA).build();

    private static ConnectorDbSinkRecords mapper(String... kv) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("connectordb.url", "http://localhost:3124");
        props.put("connectordb.apikey", "k");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return new ConnectorDbSinkRecords(new ConnectorDbSinkConfig(props));
    }

    private static SinkRecord record(String topic, Object value, Long timestamp) {
        return new SinkRecord(topic, 0, null, null, value == null ? null : VALUE, value, 7, timestamp,
            TimestampType.CREATE_TIME);
    }

    private static Struct value(double t, Boolean d, String path) {
        return new Struct(VALUE).put("t", t).put("d", d).put("path", path);
    }

    @Test
    void fixedStreamWithTimeAndDataFields() throws Exception {
        RecordMapper.Mapped<ConnectorDbSinkPoint> m = mapper("connectordb.stream", "alice/light/power",
            "time.field", "t", "data.field", "d").map(record("cmds", value(12.5, true, null), 99L));
        assertEquals("alice/light/power", m.target());
        assertEquals(12.5, m.point().point().t());
        assertTrue(m.point().point().d().booleanValue());
        assertEquals(Schema.Type.BOOLEAN, m.point().dataSchema().type());
    }

    @Test
    void recordTimestampInMillisecondsIsTheDefaultTime() throws Exception {
        RecordMapper.Mapped<ConnectorDbSinkPoint> m = mapper("connectordb.stream", "a/b/c")
            .map(record("x", value(1, false, null), 1_700_000_000_250L));
        assertEquals(1_700_000_000.25, m.point().point().t());
        assertTrue(m.point().point().d().isObject(), "the whole value is d without data.field");
        assertThrows(BadRecordException.class, () -> mapper("connectordb.stream", "a/b/c")
            .map(record("x", value(1, false, null), null)));
    }

    @Test
    void topicMapAndStreamFieldChooseTheTarget() throws Exception {
        ConnectorDbSinkRecords byTopic = mapper("connectordb.topic.streams", "cmds:alice/light/power,lvl:alice/light/level",
            "time.field", "t");
        assertEquals("alice/light/level", byTopic.map(record("lvl", value(1, true, null), null)).target());
        BadRecordException unknown = assertThrows(BadRecordException.class,
            () -> byTopic.map(record("other", value(1, true, null), null)));
        assertTrue(unknown.getMessage().contains("connectordb.topic.streams"), unknown.getMessage());

        ConnectorDbSinkRecords byField = mapper("connectordb.stream.field", "path", "time.field", "t");
        assertEquals("bob/door/lock", byField.map(record("x", value(1, true, "bob/door/lock"), null)).target());
        assertThrows(BadRecordException.class, () -> byField.map(record("x", value(1, true, "bob/door"), null)));
        assertThrows(BadRecordException.class, () -> byField.map(record("x", value(1, true, null), null)));
    }

    @Test
    void tombstonesAndNonPositiveTimes() throws Exception {
        assertTrue(mapper("connectordb.stream", "a/b/c").map(record("x", null, 5L)).skipped());
        assertThrows(BadRecordException.class, () -> mapper("connectordb.stream", "a/b/c",
            "behavior.on.null.values", "fail").map(record("x", null, 5L)));
        assertThrows(BadRecordException.class, () -> mapper("connectordb.stream", "a/b/c", "time.field", "t")
            .map(record("x", value(0, true, null), null)));
    }

    @Test
    void malformedTargetsAreConfigErrors() {
        assertThrows(ConfigException.class, () -> mapper("connectordb.stream", "alice/light"));
        assertThrows(ConfigException.class, () -> mapper("connectordb.topic.streams", "cmds=alice/light/power"));
        assertThrows(ConfigException.class, () -> mapper("connectordb.topic.streams", "cmds:alice/light"));
    }
}
