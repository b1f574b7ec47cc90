package io.datapoint.connect.flowthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The flowthings cursor's rules and its offset shape. */
class FlowthingsOffsetsTest {

    private final FlowthingsOffsets codec = new FlowthingsOffsets();

    @Test
    void offsetsHoldOnlyPrimitiveValuesAndRoundTrip() {
        FlowthingsCursor c = FlowthingsCursor.start(100).with("da", 100).with("db", 100).with("dc", 250);
        Map<String, Object> offset = codec.encode(c);
        assertEquals(Map.of("ts", 100L, "ids", "da,db", "ahead", "dc:250"), offset);
        offset.values().forEach(v -> assertTrue(v instanceof String || v instanceof Long, v.toString()));
        assertEquals(c, codec.decode(offset));
        assertEquals(Map.of("ts", 7L, "ids", ""), codec.encode(FlowthingsCursor.start(7)));
    }

    @Test
    void decodeAcceptsArraysFromTheRestApiAndNamesWhatIsWrong() {
        FlowthingsCursor c = codec.decode(Map.of("ts", 5, "ids", List.of("d1"), "ahead", Map.of("d2", 9)));
        assertEquals(Set.of("d1"), c.ids());
        assertEquals(Map.of("d2", 9L), c.ahead());
        assertEquals(FlowthingsCursor.start(0), codec.decode(Map.of("ts", 0)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("ids", "x")))
            .getMessage().contains("'ts'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("ts", 10, "ahead", "d:5")))
            .getMessage().contains("after ts"));
    }

    @Test
    void theWatermarkForgetsWhatLiesBehindItAndKeepsWhatIsAheadOrAtIt() {
        FlowthingsCursor c = FlowthingsCursor.start(10).with("a", 10).with("b", 20).with("c", 30).with("d", 30);
        assertTrue(c.emitted("x", 9), "everything before ts was emitted");
        assertTrue(c.emitted("b", 20));
        assertTrue(!c.emitted("e", 20));
        FlowthingsCursor moved = c.advanceTo(30);
        assertEquals(30, moved.ts());
        assertEquals(Set.of("c", "d"), moved.ids());
        assertEquals(Map.of(), moved.ahead());
        assertEquals(moved, moved.advanceTo(25), "never moves back");
        assertEquals(30, c.newestKnown());
    }

    @Test
    void cursorsSharingTheirDropsStayIndependentAndTheirOffsetsAreWhatTheyWereWhenMade() {
        FlowthingsCursor base = FlowthingsCursor.start(0).with("a", 5);
        Map<String, Object> early = codec.encode(base);
        FlowthingsCursor left = base.with("b", 6);
        FlowthingsCursor right = base.with("c", 7); // not the newest cursor: must not see b, nor give b c
        assertTrue(left.emitted("b", 6) && !left.emitted("c", 7));
        assertTrue(right.emitted("c", 7) && !right.emitted("b", 6));
        assertEquals(Map.of("ts", 0L, "ids", "", "ahead", "a:5"), early, "spelled out after b and c were added");
        FlowthingsCursor burst = left;
        for (int i = 0; i < 5_000; i++) {
            burst = burst.with("d" + i, 100 + i).advanceTo(100 + i / 2);
        }
        assertEquals(2_599, burst.ts());
        assertEquals(Set.of("d2499"), burst.ids());
        assertEquals(2_500, burst.ahead().size(), "the half behind the watermark was forgotten");
        assertTrue(burst.emitted("d10", 110) && burst.emitted("d4999", 5_099) && !burst.emitted("x", 5_099));
        assertEquals(burst, codec.decode(codec.encode(burst)));
        assertEquals(Map.of("a", 5L, "b", 6L), left.ahead(), "older cursors keep their own view");
    }
}
