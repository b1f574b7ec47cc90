package io.datapoint.connect.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.Headers;
import okhttp3.HttpUrl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

class RetryDelaysTest {

    private static final HttpUrl URL = HttpUrl.get("http://h/x");

    private static RetryDelays delays(double jitter) {
        return new RetryDelays(
                Duration.ofMillis(200),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                () -> jitter,
                Clock.systemUTC());
    }

    @Test
    void fullJitterSpansZeroToTheStep() {
        assertEquals(Duration.ZERO, delays(0.0).delayFor(3, new IOException("reset")));
        assertEquals(Duration.ofMillis(800), delays(1.0).delayFor(2, new IOException("reset")));
        assertEquals(Duration.ofMillis(400), delays(0.5).delayFor(2, new IOException("reset")));
        RetryDelays random =
                new RetryDelays(
                        Duration.ofMillis(200),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        () -> ThreadLocalRandom.current().nextDouble(),
                        Clock.systemUTC());
        for (int i = 0; i < 100; i++) {
            Duration d = random.delayFor(4, new IOException());
            assertTrue(!d.isNegative() && d.compareTo(Duration.ofMillis(3200)) <= 0, d.toString());
        }
    }

    @Test
    void stepIsCappedWithoutOverflow() {
        RetryDelays d = delays(1.0);
        assertEquals(Duration.ofSeconds(30), d.delayFor(8, new IOException()));
        assertEquals(Duration.ofSeconds(30), d.delayFor(200, new IOException()));
        assertEquals(Duration.ofSeconds(30).toNanos(), d.backoffCapNanos(Integer.MAX_VALUE));
    }

    @Test
    void retryAfterOnlyCountsFor429And503() {
        Headers retryIn9 = Headers.of("Retry-After", "9");
        RetryDelays d = delays(1.0);
        assertEquals(
                Duration.ofSeconds(9),
                d.delayFor(0, new HttpStatusException("GET", URL, 429, retryIn9, "")));
        assertEquals(
                Duration.ofSeconds(9),
                d.delayFor(0, new HttpStatusException("GET", URL, 503, retryIn9, "")));
        // a 500 with Retry-After keeps the backoff
        assertEquals(
                Duration.ofMillis(200),
                d.delayFor(0, new HttpStatusException("GET", URL, 500, retryIn9, "")));
        // 429 without a usable header falls back to the backoff
        assertEquals(
                Duration.ofMillis(200),
                d.delayFor(0, new HttpStatusException("GET", URL, 429, Headers.of(), "")));
    }
}
