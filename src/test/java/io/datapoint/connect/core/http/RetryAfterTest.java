package io.datapoint.connect.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void parsesDeltaSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", clock));
    }

    @Test
    void parsesAnHttpDateRelativeToTheClock() {
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", clock));
        assertEquals(
                Optional.of(Duration.ofHours(1)),
                RetryAfter.parse("Wed, 21 Oct 2015 08:28:00 GMT", clock));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertEquals(
                Optional.of(Duration.ZERO),
                RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock));
    }

    @Test
    void absentOrGarbageIsEmpty() {
        assertEquals(Optional.empty(), RetryAfter.parse(null, clock));
        assertEquals(Optional.empty(), RetryAfter.parse("", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("1.5", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", clock));
    }
}
