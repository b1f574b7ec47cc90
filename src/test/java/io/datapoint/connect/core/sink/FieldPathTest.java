package io.datapoint.connect.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class FieldPathTest {

    private static final Schema READING = SchemaBuilder.struct().name("Reading")
        .field("time", Schema.FLOAT64_SCHEMA)
        .field("extra", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
        .build();
    private static final Schema VALUE = SchemaBuilder.struct().name("Value")
        .field("reading", READING).build();

    private static Struct value() {
        return new Struct(VALUE).put("reading", new Struct(READING).put("time", 12.5)
            .put("extra", Map.of("count", 3)));
    }

    @Test
    void walksStructsWithTheirSchemas() throws BadRecordException {
        FieldPath.Located found = new FieldPath("reading.time").locate(value(), VALUE);

        assertEquals(12.5, found.value());
        assertEquals(Schema.FLOAT64_SCHEMA, found.schema());
        assertEquals("reading.time", new FieldPath("reading.time").path());
    }

    @Test
    void walksIntoAMapWithItsValueSchema() throws BadRecordException {
        FieldPath.Located found = new FieldPath("reading.extra.count").locate(value(), VALUE);

        assertEquals(3, found.value());
        assertEquals(Schema.INT32_SCHEMA, found.schema());
    }

    @Test
    void walksSchemalessMaps() throws BadRecordException {
        Map<String, Object> inner = new HashMap<>();
        inner.put("t", 7L);
        inner.put("none", null);

        FieldPath.Located found = new FieldPath("a.t").locate(Map.of("a", inner), null);
        assertEquals(7L, found.value());
        assertNull(found.schema());
        assertNull(new FieldPath("a.none").locate(Map.of("a", inner), null).value());
    }

    @Test
    void namesTheMissingStepAndThePath() {
        BadRecordException e = assertThrows(BadRecordException.class,
            () -> new FieldPath("reading.when").locate(value(), VALUE));
        assertTrue(e.getMessage().contains("no field 'when' (path 'reading.when')"), e.getMessage());

        e = assertThrows(BadRecordException.class, () -> new FieldPath("a.b").locate(Map.of("x", 1), null));
        assertTrue(e.getMessage().contains("no field 'a' (path 'a.b')"), e.getMessage());
    }

    @Test
    void refusesToStepIntoAScalarOrNull() {
        BadRecordException e = assertThrows(BadRecordException.class,
            () -> new FieldPath("reading.time.x").locate(value(), VALUE));
        assertTrue(e.getMessage().contains("of a Double value"), e.getMessage());

        e = assertThrows(BadRecordException.class, () -> new FieldPath("a").locate(null, null));
        assertTrue(e.getMessage().contains("of a null value"), e.getMessage());
    }
}
