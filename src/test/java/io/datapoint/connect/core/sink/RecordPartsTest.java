package io.datapoint.connect.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.config.SinkFormatConfig;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** RecordTime, RecordData and Tombstones, read from the shared Format keys. */
class RecordPartsTest {

    private static AbstractConfig config(String... keyValues) {
        ConfigDef def = new ConfigDef();
        SinkFormatConfig.defineTimeField(def, "Format", 1, SinkFormatConfig.TIME_FIELD_DOC);
        SinkFormatConfig.defineTimeFieldUnit(def, "Format", 2);
        SinkFormatConfig.defineDataField(def, "Format", 3);
        SinkFormatConfig.defineNullValues(def, "Format", 4, SinkFormatConfig.NULL_VALUES_DOC);
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new AbstractConfig(def, props);
    }

    private static SinkRecord record(Object value, Long timestamp) {
        return new SinkRecord("t", 0, null, null, null, value, 7, timestamp, null);
    }

    private static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("t", 0, null, null, schema, value, 7);
    }

    @Test
    void timeIsTheRecordTimestampInSecondsByDefault() throws BadRecordException {
        assertEquals(1_700_000_000.25, RecordTime.from(config()).seconds(record(Map.of("x", 1), 1_700_000_000_250L)));
    }

    @Test
    void aRecordWithoutTimestampNamesTheTimeFieldSetting() {
        BadRecordException e = assertThrows(BadRecordException.class,
            () -> RecordTime.from(config()).seconds(record(Map.of("x", 1), null)));
        assertEquals("it has no timestamp; set time.field to take the time from a field", e.getMessage());
    }

    @Test
    void timeFieldTakesTimestampsNumbersInEitherUnitAndStrings() throws BadRecordException {
        RecordTime seconds = RecordTime.from(config("time.field", "at"));
        RecordTime millis = RecordTime.from(config("time.field", " at ", "time.field.unit", "milliseconds"));
        Schema schema = SchemaBuilder.struct().field("at", Timestamp.SCHEMA).build();
        assertEquals(1.5, seconds.seconds(record(schema, new Struct(schema).put("at", new Date(1_500)))));
        assertEquals(12.5, seconds.seconds(record(Map.of("at", 12.5), null)));
        assertEquals(12.5, millis.seconds(record(Map.of("at", 12_500L), null)));
        assertEquals(12.5, millis.seconds(record(Map.of("at", " 12500 "), null)));
        assertEquals(1_700_000_000.5, seconds.seconds(record(Map.of("at", "2023-11-14T22:13:20.5Z"), null)));
    }

    @Test
    void aTimeFieldThatIsNoTimeSaysWhy() {
        RecordTime time = RecordTime.from(config("time.field", "at"));
        assertEquals("time field 'at' is not a number or an RFC 3339 time: \"soon\"", assertThrows(
            BadRecordException.class, () -> time.seconds(record(Map.of("at", "soon"), null))).getMessage());
        assertEquals("time field 'at' must be a Timestamp, a number or an RFC 3339 string but is Boolean",
            assertThrows(BadRecordException.class, () -> time.seconds(record(Map.of("at", true), null)))
                .getMessage());
        assertThrows(BadRecordException.class, () -> time.seconds(record(Map.of("other", 1), null)));
    }

    @Test
    void dataIsTheWholeValueOrTheDataField() throws BadRecordException {
        Schema inner = SchemaBuilder.struct().field("v", Schema.FLOAT64_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("reading", inner).field("at", Schema.INT64_SCHEMA).build();
        Struct value = new Struct(schema).put("reading", new Struct(inner).put("v", 2.5)).put("at", 3L);

        RecordData.Json whole = RecordData.from(config()).json(record(schema, value));
        assertEquals("{\"reading\":{\"v\":2.5},\"at\":3}", whole.json().toString());
        assertEquals(schema, whole.schema());

        RecordData.Json field = RecordData.from(config("data.field", "reading")).json(record(schema, value));
        assertEquals("{\"v\":2.5}", field.json().toString());
        assertEquals(inner, field.schema());

        RecordData.Json schemaless = RecordData.from(config("data.field", "a")).json(record(Map.of("a", 1), null));
        assertEquals("1", schemaless.json().toString());
        assertNull(schemaless.schema());
    }

    @Test
    void tombstonesAreSkippedOrRefusedAsConfigured() throws BadRecordException {
        RecordMapper.Mapped<String> skipped = Tombstones.from(config()).map();
        assertTrue(skipped.skipped());
        assertEquals("tombstone (null value)", skipped.skipReason());
        BadRecordException e = assertThrows(BadRecordException.class,
            () -> Tombstones.from(config("behavior.on.null.values", "fail")).map());
        assertEquals("it is a tombstone (null value) and behavior.on.null.values=fail", e.getMessage());
    }

    @Test
    void anOptionalPathIsNullWhenBlankAndTrimmedOtherwise() {
        assertNull(FieldPath.optional(null));
        assertNull(FieldPath.optional("  "));
        assertEquals("a.b", FieldPath.optional(" a.b ").path());
    }
}
