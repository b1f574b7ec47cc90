package io.datapoint.connect.flowthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.source.RecordContent;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** Drops to record content: typed pushes unwrapped, elems typed or JSON text, location, headers. */
class FlowthingsRecordsTest {

    private static JsonNode json(String text) throws Exception {
        return FlowthingsClient.JSON.readTree(text);
    }

    @Test
    void aTypedPushIsUnwrappedRecursively() throws Exception {
        FlowthingsDrop d = FlowthingsDrop.parse(json("{\"id\":\"d1\",\"flowId\":\"f1\",\"path\":\"/a/b\","
            + "\"creationDate\":1000,\"elems\":{\"t\":{\"type\":\"float\",\"value\":21.5},"
            + "\"m\":{\"type\":\"map\",\"value\":{\"n\":{\"type\":\"integer\",\"value\":3}}},"
            + "\"l\":{\"type\":\"list\",\"value\":[{\"type\":\"string\",\"value\":\"x\"}]}}}"), true);
        assertEquals(json("{\"t\":21.5,\"m\":{\"n\":3},\"l\":[\"x\"]}"), d.elems());
        assertThrows(IllegalArgumentException.class, () -> FlowthingsDrop.parse(json("{\"id\":\"d\"}"), false));
    }

    @Test
    void elemsAreTypedFromTheSchemaOfATypedDropElseJsonText() throws Exception {
        JsonNode typed = json("{\"t\":{\"type\":\"float\",\"value\":1.5},\"n\":{\"type\":\"integer\",\"value\":2},"
            + "\"s\":{\"type\":\"string\",\"value\":\"x\"}}");
        JsonNode schema = FlowthingsRecords.schemaOfTyped(typed);
        FlowthingsRecords records = new FlowthingsRecords("f1", "/a/b", "topic", schema, true);
        FlowthingsDrop drop = new FlowthingsDrop("d1", "f1", "/a/b", 1_000, json("{\"t\":2.5,\"n\":7,\"s\":\"y\"}"),
            json("{\"lat\":40.7,\"lon\":-73.9,\"specifiers\":{\"city\":\"NYC\"}}"));
        RecordContent c = records.content(drop);
        Struct value = (Struct) c.value();
        Struct elems = value.getStruct("elems");
        assertEquals(2.5, elems.getFloat64("t"));
        assertEquals(7L, elems.getInt64("n"));
        assertEquals("y", elems.getString("s"));
        assertEquals(new Date(1_000), value.get("creationDate"));
        assertEquals(40.7, value.getStruct("location").getFloat64("lat"));
        assertEquals("{\"city\":\"NYC\"}", value.getStruct("location").getString("specifiers"));
        assertEquals("f1", c.key());
        assertEquals(1_000L, c.timestamp());
        assertEquals("flowthings", c.headers().lastWithName("datapoint.platform").value());
        assertEquals("/a/b", c.headers().lastWithName("datapoint.name").value());
        // a drop that does not fit the schema names the drop and the fix
        FlowthingsDrop misfit = new FlowthingsDrop("d2", "f1", "/a/b", 2_000, json("{\"t\":\"warm\"}"), null);
        assertThrows(DataException.class, () -> records.content(misfit));
        // structured types stay JSON text
        assertNull(FlowthingsRecords.schemaOfTyped(json("{\"where\":{\"type\":\"location\",\"value\":{}}}")));
        FlowthingsRecords untyped = new FlowthingsRecords("f1", "/a/b", "topic", null, true);
        assertEquals(Schema.Type.STRING, untyped.valueSchema().field("elems").schema().type());
        assertEquals("{\"t\":\"warm\"}", ((Struct) untyped.content(misfit).value()).getString("elems"));
        assertNull(((Struct) untyped.content(misfit).value()).get("location"));
    }
}
