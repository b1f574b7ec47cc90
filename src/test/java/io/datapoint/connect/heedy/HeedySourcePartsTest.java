package io.datapoint.connect.heedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.source.RecordContent;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class HeedySourcePartsTest {

    private static JsonNode json(String s) throws Exception {
        return HeedyClient.JSON.readTree(s);
    }

    @Test
    void cursorAfterAPointAsksForOneMoreFromItsTimestampInPlainDecimal() {
        Map<String, String> q = HeedyCursor.after(1.5848122971E9).readQuery(100);
        assertEquals("1584812297.1", q.get("t1"));
        assertEquals("101", q.get("limit"));
        assertFalse(HeedyCursor.after(5.0).admits(5.0));
        assertTrue(HeedyCursor.after(5.0).admits(5.000001));
    }

    @Test
    void cursorAtAStartTimeReadsInclusivelyAndTheBeginningSendsNoTime() {
        assertEquals(Map.of("t1", "now-1d", "limit", "10"), HeedyCursor.from("now-1d").readQuery(10));
        assertEquals(Map.of("limit", "10"), HeedyCursor.beginning().readQuery(10));
    }

    @Test
    void offsetsRoundTripAndRejectWhatIsNotATimestamp() {
        HeedyOffsets codec = new HeedyOffsets();
        assertEquals(HeedyCursor.after(12.25), codec.decode(codec.encode(HeedyCursor.after(12.25))));
        assertEquals(HeedyCursor.after(7.0), codec.decode(Map.of("t", 7)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> codec.decode(Map.of("t", "yesterday")));
        assertTrue(e.getMessage().contains("\"t\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("i", 3)));
    }

    @Test
    void startPositionsFollowHeedysTimeSyntax() {
        assertEquals(StartPosition.Kind.EARLIEST, StartPosition.parse("earliest").kind());
        assertEquals(StartPosition.Kind.LATEST, StartPosition.parse("LATEST").kind());
        for (String ok : new String[] {"1700000000.5", "-5", "1e9", "2024-01-31T12:00:00Z", "2024-01-31T12:00:00+02:00",
            "now", "now-1d", "now-1d12h", "now-1.5h", "now-1d-3h", "now+1w", "now-2months"}) {
            assertEquals(StartPosition.Kind.TIME, StartPosition.parse(ok).kind(), ok);
        }
        for (String bad : new String[] {"yesterday", "now-1x", "2024-13-01", "now-"}) {
            assertThrows(IllegalArgumentException.class, () -> StartPosition.parse(bad), bad);
        }
    }

    @Test
    void recordsTypeDataFromTheObjectSchema() throws Exception {
        HeedyObject object = new HeedyObject("id-1", "My Temp", "alice", null, null, "", "timeseries",
            json("{\"type\":\"object\",\"properties\":{\"celsius\":{\"type\":\"number\"},\"ok\":{\"type\":\"boolean\"}}}"));
        HeedyRecords records = new HeedyRecords(object, "heedy.alice.My_Temp", true);
        RecordContent c = records.content(new HeedyPoint(1700000000.25, 0, json("{\"celsius\":21.5,\"ok\":true}")));
        Struct value = (Struct) c.value();
        assertEquals(1700000000.25, value.getFloat64("t"));
        assertNull(value.get("dt"));
        Struct d = value.getStruct("d");
        assertEquals(21.5, d.getFloat64("celsius"));
        assertEquals(true, d.getBoolean("ok"));
        assertEquals(1700000000250L, c.timestamp());
        assertEquals("id-1", c.key());
        assertEquals("heedy.alice.My_Temp", c.topic());
        assertEquals("io.datapoint.connect.heedy.Datapoint", c.valueSchema().name());
        assertEquals("heedy", c.headers().lastWithName("datapoint.platform").value());
        assertEquals("id-1", c.headers().lastWithName("datapoint.stream").value());
        assertEquals("My Temp", c.headers().lastWithName("datapoint.name").value());
    }

    @Test
    void dataIsJsonTextWithoutAUsableSchemaOrInJsonMode() throws Exception {
        HeedyObject untyped = new HeedyObject("id-2", "x", "bob", null, null, "", "timeseries", json("{}"));
        RecordContent c = new HeedyRecords(untyped, "t", true).content(new HeedyPoint(1, 2, json("{\"a\":[1,2]}")));
        assertEquals(Schema.Type.STRING, c.valueSchema().field("d").schema().type());
        assertEquals("{\"a\":[1,2]}", ((Struct) c.value()).getString("d"));
        assertEquals(2.0, ((Struct) c.value()).getFloat64("dt"));

        HeedyObject typed = new HeedyObject("id-3", "n", "bob", null, null, "", "timeseries",
            json("{\"type\":\"number\"}"));
        RecordContent asJson = new HeedyRecords(typed, "t", false).content(new HeedyPoint(1, 0, json("3.5")));
        assertEquals("3.5", ((Struct) asJson.value()).getString("d"));
    }

    @Test
    void dataThatBreaksTheSchemaFailsNamingTheObjectTimeAndTheWayOut() throws Exception {
        HeedyObject typed = new HeedyObject("id-4", "steps", "bob", null, null, "", "timeseries",
            json("{\"type\":\"integer\"}"));
        DataException e = assertThrows(DataException.class,
            () -> new HeedyRecords(typed, "t", true).content(new HeedyPoint(10, 0, json("\"many\""))));
        assertTrue(e.getMessage().contains("id-4") && e.getMessage().contains("t=10")
            && e.getMessage().contains("data.format=json"), e.getMessage());
    }

    @Test
    void subscribeCommandsCarryEveryFilterField() throws Exception {
        JsonNode cmd = json(HeedyEvents.subscribe("obj-9"));
        assertEquals("subscribe", cmd.get("cmd").asText());
        assertEquals("timeseries_data_write", cmd.get("event").asText());
        assertEquals("obj-9", cmd.get("object").asText());
        for (String f : new String[] {"user", "app", "type"}) {
            assertEquals("", cmd.get(f).asText(), f);
        }
        for (String f : new String[] {"plugin", "key", "tags"}) {
            assertTrue(cmd.get(f).isNull(), f);
        }
    }
}
