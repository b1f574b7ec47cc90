package io.datapoint.connect.heedy.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeedyTimeTest {
    private static final long NOW = 1_600_000_000_000_000_000L; // 2020-09-13T12:26:40Z

    @Test
    void floatsComeFirstAndRoundTrip() {
        assertEquals(1584812297.1, HeedyTime.parse("1584812297.1", NOW));
        assertEquals(1e9, HeedyTime.parse("1e9", NOW));
        assertEquals(-5, HeedyTime.parse("-5", NOW));
    }

    @Test
    void relativeTimesFollowTparse() {
        assertEquals(1.6e9, HeedyTime.parse("now", NOW), 1e-6);
        assertEquals(1.6e9 - 3600, HeedyTime.parse("now-1h", NOW), 1e-6);
        assertEquals(
                1.6e9 - 1.5 * 86400, HeedyTime.parse("now-1d12h", NOW), 1e-6); // the sign sticks
        assertEquals(1.6e9 + 604800, HeedyTime.parse("now+1w", NOW), 1e-6);
        assertEquals(1.6e9 - 5400, HeedyTime.parse("now-1.5hours", NOW), 1e-6);
        assertEquals(
                1.6e9 - 30 * 86400,
                HeedyTime.parse("now-1mo", NOW) + 0,
                2 * 86400); // a calendar month
    }

    @Test
    void rfc3339IsAccepted() {
        assertEquals(1584803045, HeedyTime.parse("2020-03-21T15:04:05Z", NOW), 1e-6);
        assertEquals(1584795845, HeedyTime.parse("2020-03-21T15:04:05+02:00", NOW), 1e-6);
    }

    @Test
    void badValuesAre400ServerErrors() {
        HeedyError unit = assertThrows(HeedyError.class, () -> HeedyTime.parse("now-3x", NOW));
        assertEquals(400, unit.status);
        assertEquals("server_error", unit.code);
        assertEquals("unknown unit in duration: \"x\"", unit.description);
        HeedyError junk = assertThrows(HeedyError.class, () -> HeedyTime.parse("abc", NOW));
        assertEquals("server_error", junk.code);
        // a raw '+' decodes to a space, which heedy cannot parse
        assertThrows(HeedyError.class, () -> HeedyTime.parse("now 1h", NOW));
        assertThrows(HeedyError.class, () -> HeedyTime.parse("1d", NOW));
    }
}
