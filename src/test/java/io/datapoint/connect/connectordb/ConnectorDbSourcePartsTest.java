package io.datapoint.connect.connectordb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.source.RecordContent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** Paths, cursors, offsets, records and source config of the ConnectorDB source. */
class ConnectorDbSourcePartsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void streamPathsParseAndRejectWhatConnectorDbRejects() {
        ConnectorDbPath p = ConnectorDbPath.parse(" alice/phone/steps ", false);
        assertEquals("alice/phone/steps", p.toString());
        assertEquals("alice/phone/steps/downlink", p.toDownlink().toString());
        assertEquals(p, p.toDownlink().main());
        assertEquals(p.toDownlink(), ConnectorDbPath.parse("alice/phone/steps/downlink", true));
        assertThrows(IllegalArgumentException.class, () -> ConnectorDbPath.parse("alice/phone/steps/downlink", false));
        assertThrows(IllegalArgumentException.class, () -> ConnectorDbPath.parse("alice/phone", false));
        assertThrows(IllegalArgumentException.class, () -> ConnectorDbPath.parse("alice//steps", false));
        assertThrows(IllegalArgumentException.class, () -> ConnectorDbPath.parse("alice/my phone/steps", false));
        assertThrows(IllegalArgumentException.class, () -> ConnectorDbPath.parse("alice/phone/st?eps", false));
        assertThrows(IllegalArgumentException.class, () -> ConnectorDbPath.parse("a/b/c/d", true));
    }

    @Test
    void offsetsRoundTripAndNameTheExpectedShape() {
        ConnectorDbOffsets codec = new ConnectorDbOffsets();
        ConnectorDbCursor after = ConnectorDbCursor.after(41, 1700000000.25);
        assertEquals(Map.of("i", 42L, "t", 1700000000.25), codec.encode(after));
        assertEquals(after, codec.decode(codec.encode(after)));
        assertEquals(Map.of("i", 0L), codec.encode(ConnectorDbCursor.beginning()));
        // what a user PATCHes through REST: integers arrive as Integer, t may be left out
        assertEquals(new ConnectorDbCursor(7, null), codec.decode(Map.of("i", 7)));
        assertEquals(ConnectorDbCursor.beginning(), codec.decode(Map.of("i", 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("t", 5)));
        assertTrue(e.getMessage().contains("\"i\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("i", -1)));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("i", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("i", 3, "t", "yesterday")));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(null));
    }

    @Test
    void cursorChecksOnlyWhenItKnowsTheTimestampBeforeIt() {
        assertTrue(ConnectorDbCursor.after(0, 5).checkable());
        assertEquals(false, ConnectorDbCursor.beginning().checkable());
        assertEquals(false, new ConnectorDbCursor(9, null).checkable());
        assertThrows(IllegalArgumentException.class, () -> new ConnectorDbCursor(-1, null));
    }

    @Test
    void typedRecordsCarryTheStreamPathIndexAndOrigin() {
        ObjectNode schema = JSON.objectNode().put("type", "number");
        ConnectorDbPath path = ConnectorDbPath.parse("alice/light/power", false).toDownlink();
        ConnectorDbRecords records = new ConnectorDbRecords(path, schema, "topic", true);
        RecordContent c = records.content(new ConnectorDbPoint(1700000000.5, JSON.numberNode(3), "alice/user"), 12);
        assertEquals("topic", c.topic());
        assertEquals("alice/light/power/downlink", c.key());
        assertEquals(1700000000500L, c.timestamp());
        Struct value = (Struct) c.value();
        assertEquals("io.datapoint.connect.connectordb.Datapoint", value.schema().name());
        assertEquals(1700000000.5, value.getFloat64("t"));
        assertEquals(3.0, value.get("d"));
        assertEquals("alice/user", value.getString("o"));
        assertEquals(Schema.Type.FLOAT64, value.schema().field("d").schema().type());
        Map<String, Object> headers = new HashMap<>();
        c.headers().forEach(h -> headers.put(h.key(), h.value()));
        assertEquals(Map.of("datapoint.platform", "connectordb", "datapoint.stream", "alice/light/power/downlink",
            "datapoint.index", 12L), headers);
        assertNull(((Struct) records.content(new ConnectorDbPoint(1, null, null), 0).value()).get("d"));
        assertThrows(DataException.class,
            () -> records.content(new ConnectorDbPoint(1, JSON.textNode("x"), null), 13));
    }

    @Test
    void untypedRecordsCarryJsonText() {
        ConnectorDbRecords records = new ConnectorDbRecords(ConnectorDbPath.parse("a/b/c", false),
            JSON.objectNode(), "t", true);
        Struct value = (Struct) records.content(new ConnectorDbPoint(2, JSON.objectNode().put("x", 1), null), 0)
            .value();
        assertEquals("{\"x\":1}", value.get("d"));
        ConnectorDbRecords json = new ConnectorDbRecords(ConnectorDbPath.parse("a/b/c", false),
            JSON.objectNode().put("type", "number"), "t", false);
        assertEquals("4", ((Struct) json.content(new ConnectorDbPoint(2, JSON.numberNode(4), null), 0).value())
            .get("d"));
    }

    @Test
    void sourceConfigRejectsMalformedPathsOnTheirField() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("connectordb.url", "http://localhost:3124");
        props.put("connectordb.apikey", "k");
        props.put("connectordb.streams", "alice/phone");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConnectorDbSourceConfig(props));
        assertTrue(e.getMessage().contains("connectordb.streams"), e.getMessage());
        props.put("connectordb.streams", "alice/phone/steps,bob/watch/hr");
        props.put("connectordb.devices", "alice");
        assertThrows(ConfigException.class, () -> new ConnectorDbSourceConfig(props));
        props.put("connectordb.devices", "alice/phone");
        props.put("topic.template", "x.${nope}");
        assertThrows(ConfigException.class, () -> new ConnectorDbSourceConfig(props));
        props.remove("topic.template");
        ConnectorDbSourceConfig ok = new ConnectorDbSourceConfig(props);
        assertEquals(List.of("alice/phone/steps", "bob/watch/hr"), ok.getList(ConnectorDbSourceConfig.STREAMS));
    }

    @Test
    void alterOffsetsAcceptsOnlyTheConnectorsShape() {
        ConnectorDbSourceConnector connector = new ConnectorDbSourceConnector();
        Map<String, Object> partition = new HashMap<>();
        partition.put("platform", "connectordb");
        partition.put("server", "http://localhost:3124");
        partition.put("stream", "alice/phone/steps");
        partition.put("v", 1);
        Map<Map<String, ?>, Map<String, ?>> good = new HashMap<>();
        good.put(partition, Map.of("i", 3, "t", 2.5));
        assertTrue(connector.alterOffsets(Map.of(), good));
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(partition, null);
        assertTrue(connector.alterOffsets(Map.of(), reset));
        Map<Map<String, ?>, Map<String, ?>> bad = new HashMap<>();
        bad.put(partition, Map.of("t", 2.5));
        assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(), bad));
        Map<String, Object> badPath = new HashMap<>(partition);
        badPath.put("stream", "alice/phone");
        Map<Map<String, ?>, Map<String, ?>> badStream = new HashMap<>();
        badStream.put(badPath, Map.of("i", 0));
        assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(), badStream));
    }
}
