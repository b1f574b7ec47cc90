package io.datapoint.connect.iotile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Slugs, cursor and offsets of the IOTile source. */
class IotileSourcePartsTest {

    private final IotileOffsets codec = new IotileOffsets();

    @Test
    void slugsAreNormalisedToTheExactPaddedFormAndMalformedOnesShowTheExpectedForm() {
        assertEquals("s--0000-0005--0000-0000-0000-000a--5001", IotileSlug.stream("s--5--a--5001"));
        assertEquals("s--0000-0005--0000-0000-0000-000a--5001", IotileSlug.stream(" S--0000-0005--0000-0000-0000-000A--5001 "));
        assertEquals("s--0000-0005--0000-0000-0000-0000--5001", IotileSlug.stream("s--0005--0--5001"));
        assertEquals("p--0000-0005", IotileSlug.project("p--5"));
        assertEquals("d--0000-0000-0000-000a", IotileSlug.device("d--a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> IotileSlug.stream("s--0005--000a"));
        assertTrue(e.getMessage().contains("s--PPPP-PPPP--DDDD-DDDD-DDDD-DDDD--VVVV"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IotileSlug.stream("s--0005--000g--5001"));
        assertThrows(IllegalArgumentException.class, () -> IotileSlug.stream("d--0005--000a--5001"));
        assertThrows(IllegalArgumentException.class, () -> IotileSlug.stream("s--1-0000-0005--000a--5001"));
        assertThrows(IllegalArgumentException.class, () -> IotileSlug.stream("s--0005--000a--15001"));
        String s = "s--0000-0005--0000-0000-0000-000a--5001";
        assertEquals("p--0000-0005", IotileSlug.projectOf(s));
        assertEquals("d--0000-0000-0000-000a", IotileSlug.deviceOf(s));
        assertEquals("v--0000-0005--5001", IotileSlug.variableOf(s));
        assertFalse(IotileSlug.virtual(s));
        assertTrue(IotileSlug.virtual("s--0000-0005--0000-0000-0000-0000--5001"));
    }

    @Test
    void theCursorRemembersTheIdsDeliveredAtItsSecondOnly() {
        IotileCursor c = IotileCursor.beginning().afterApiReading(100, 7).afterApiReading(100, 3);
        assertEquals(List.of(3L, 7L), c.ids().toList());
        assertTrue(c.delivered(100, 3) && c.delivered(99, 1000));
        assertFalse(c.delivered(100, 5));
        IotileCursor next = c.afterApiReading(101, 2);
        assertEquals(101L, next.second());
        assertEquals(List.of(2L), next.ids().toList());
        assertEquals(40, next.afterDeviceReading(40).streamerId());
        assertEquals(40, next.afterDeviceReading(40).afterDeviceReading(12).streamerId());
    }

    @Test
    void bothCursorShapesSurviveTheOffsetCodec() {
        IotileCursor device = new IotileCursor(1234, null, null);
        assertEquals(Map.of("streamer_local_id", 1234L), codec.encode(device));
        assertEquals(device, codec.decode(codec.encode(device)));
        IotileCursor api = new IotileCursor(0, 1_700_000_000L, IotileIdRanges.of(List.of(5L, 9L)));
        Map<String, Object> encoded = codec.encode(api);
        assertEquals("2023-11-14T22:13:20Z", encoded.get("ts"));
        assertEquals("5,9", encoded.get("ids"));
        assertEquals(api, codec.decode(encoded));
        // as Connect hands offsets back after a JSON round trip: ints, not longs
        Map<String, Object> json = new HashMap<>();
        json.put("streamer_local_id", 17);
        json.put("ts", 1_700_000_000);
        json.put("ids", "5, 9");
        assertEquals(new IotileCursor(17, 1_700_000_000L, IotileIdRanges.of(List.of(5L, 9L))), codec.decode(json));
    }

    @Test
    void idsDeliveredAtABusySecondStayAFewRanges() {
        IotileIdRanges r = IotileIdRanges.EMPTY;
        for (long id = 1001; id <= 1500; id++) {
            r = r.with(id);
        }
        r = r.with(1502).with(990).with(1501);
        assertEquals("990,1001-1502", r.toString());
        assertEquals(r, IotileIdRanges.parse(" 1001-1502, 990 "));
        assertTrue(r.contains(1250) && r.contains(990) && !r.contains(991) && !r.contains(1503));
        assertEquals(r, IotileIdRanges.parse("990,1001-1200,1150-1502"), "overlaps merge");
        assertEquals(r.with(991).with(1000), IotileIdRanges.parse("990-991,1000-1502"));
        assertEquals(List.of(1L, 2L, 3L, 7L), IotileIdRanges.of(List.of(7L, 3L, 1L, 2L)).toList());
        IotileCursor busy = new IotileCursor(0, 1_700_000_000L, r);
        assertEquals("990,1001-1502", codec.encode(busy).get("ids"));
        assertEquals(busy, codec.decode(codec.encode(busy)));
        assertThrows(IllegalArgumentException.class, () -> IotileIdRanges.parse("5-3"));
    }

    @Test
    void malformedOffsetsAreRefusedWithTheExpectedShape() {
        for (Map<String, Object> bad : List.of(Map.<String, Object>of(), Map.<String, Object>of("streamer_local_id", -1),
            Map.<String, Object>of("streamer_local_id", "x"), Map.<String, Object>of("ts", "yesterday"),
            Map.<String, Object>of("ts", "2024-01-01T00:00:00Z", "ids", "1,x"),
            Map.<String, Object>of("streamer_local_id", 1, "ids", "1"),
            Map.<String, Object>of("ts", "2024-01-01T00:00:00Z", "ids", List.of(1.5)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bad),
                bad.toString());
            assertTrue(e.getMessage().contains("streamer_local_id"), e.getMessage());
        }
    }

    @Test
    void alterOffsetsChecksThePartitionTheSlugAndBothOffsetShapes() {
        IotileSourceConnector connector = new IotileSourceConnector();
        String slug = "s--0000-0005--0000-0000-0000-000a--5001";
        Map<String, Object> partition = new HashMap<>(Map.of("platform", "iotile", "server", "http://x", "stream",
            slug, "v", 1));
        Map<Map<String, ?>, Map<String, ?>> ok = new LinkedHashMap<>();
        ok.put(partition, Map.of("streamer_local_id", 10));
        assertTrue(connector.alterOffsets(Map.of(), ok));
        ok.put(partition, Map.of("ts", "2024-01-01T00:00:00Z", "ids", ""));
        assertTrue(connector.alterOffsets(Map.of(), ok));
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(partition, null);
        assertTrue(connector.alterOffsets(Map.of(), reset));
        Map<String, Object> shortSlug = new HashMap<>(partition);
        shortSlug.put("stream", "s--5--a--5001");
        assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(),
            Map.of(shortSlug, Map.of("streamer_local_id", 1))));
        assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(),
            Map.of(partition, Map.of("ts", "noon"))));
    }

    @Test
    void readingTimesAreTruncatedToTheirSecondWhateverTheirForm() {
        for (String t : List.of("2024-05-01T12:00:00Z", "2024-05-01T12:00:00.999999Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.5Z", "2024-02-29T23:59:59.123456789Z", "2023-11-14T22:13:20.250000Z",
            "9999-12-31T23:59:59Z", "2024-05-01T12:00:00+02:00", "2024-05-01t12:00:00z", "2024-05-01T12:00:00.Z")) {
            assertEquals(OffsetDateTime.parse(t).toEpochSecond(), IotileClient.parseSecond(t), t);
        }
        assertEquals(1_714_564_800L, IotileClient.parseSecond("2024-05-01T12:00:00.5"), "a naive time is UTC");
        for (String bad : List.of("2023-02-29T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:00:60Z",
            "2024-05-01T12:00:00.1234567890Z", "2024-13-01T12:00:00Z", "x024-05-01T12:00:00Z")) {
            assertThrows(DateTimeException.class, () -> IotileClient.parseSecond(bad), bad);
        }
    }
}
