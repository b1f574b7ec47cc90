package io.datapoint.connect.hexoskin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HexoskinOffsetsTest {

    private final HexoskinOffsets codec = new HexoskinOffsets();

    private static HexoskinRecording rec(long id, String lm, long start, long end) {
        return new HexoskinRecording(id, 7, start, end, lm, "complete");
    }

    @Test
    void cursorRoundTripsThroughTheOffsetMapInEveryState() {
        HexoskinCursor c = HexoskinCursor.beginning();
        assertEquals(Map.of(), codec.encode(c));
        c = c.begin(rec(11, "2024-05-01T10:00:00+00:00", 1000, 5000)).at(1256);
        assertEquals(c, codec.decode(codec.encode(c)));
        assertEquals(11L, codec.encode(c).get("rec"));
        c = c.finish();
        assertEquals("2024-05-01T10:00:00+00:00", codec.encode(c).get("wm"));
        assertEquals("11:1256", codec.encode(c).get("done"));
        assertEquals(c, codec.decode(codec.encode(c)));
    }

    @Test
    void aRecordVisitedAgainResumesAfterItsLastDeliveredTick() {
        HexoskinCursor c = HexoskinCursor.beginning().begin(rec(11, "2024-05-01T10:00:00+00:00", 1000, 5000))
            .at(4000).finish();
        HexoskinCursor again = c.begin(rec(11, "2024-05-01T10:05:00+00:00", 1000, 9000));
        assertEquals(4000, again.t());
        HexoskinCursor other = c.begin(rec(12, "2024-05-01T10:05:00+00:00", 100, 900));
        assertEquals(99, other.t());
    }

    @Test
    void watermarkNeverMovesBackAndItsSecondIsVisitedAgain() {
        HexoskinCursor c = HexoskinCursor.from("2024-05-01T10:00:00+00:00");
        assertTrue(c.handled(rec(1, "2024-05-01T09:59:59+00:00", 0, 1)));
        assertTrue(!c.handled(rec(1, "2024-05-01T10:00:00Z", 0, 1)), "the watermark's second is visited again");
        HexoskinCursor f = c.begin(rec(2, "2024-05-01T09:00:00+00:00", 0, 1)).finish();
        assertEquals("2024-05-01T10:00:00+00:00", f.wm());
    }

    @Test
    void doneRemembersOnlyTheMostRecentRecords() {
        HexoskinCursor c = HexoskinCursor.beginning();
        for (int i = 0; i < HexoskinCursor.DONE_MAX + 5; i++) {
            c = c.begin(rec(i, "2024-05-01T10:00:00+00:00", 10, 20)).at(20).finish();
        }
        assertEquals(HexoskinCursor.DONE_MAX, c.done().size());
        assertTrue(c.done().containsKey((long) HexoskinCursor.DONE_MAX + 4));
        assertTrue(!c.done().containsKey(0L));
    }

    @Test
    void malformedOffsetsNameTheFieldAndTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> codec.decode(Map.of("wm", "yesterday")));
        assertTrue(e.getMessage().contains("'wm'") && e.getMessage().contains("{}"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("rec", 5, "t", 3, "rend", 9)));
        assertTrue(e.getMessage().contains("'rlm'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> codec.decode(Map.of("done", List.of(1))));
        assertTrue(e.getMessage().contains("'done'"), e.getMessage());
        assertEquals(HexoskinCursor.beginning(), codec.decode(Map.of()));
    }
}
