package io.datapoint.connect.core.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.http.HttpStatusException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class UnknownOutcomeRetriesTest {

    private static HttpStatusException status(int code) {
        return new HttpStatusException("POST", HttpUrl.get("http://example:1/data"), code, Headers.of(), "");
    }

    @Test
    void timeoutsResetsAndRetriableStatusesLeaveTheOutcomeUnknown() {
        // a read timeout is an InterruptedIOException too, but the server may have done the work
        assertTrue(UnknownOutcomeRetries.outcomeUnknown(new SocketTimeoutException("timeout")));
        assertTrue(UnknownOutcomeRetries.outcomeUnknown(new EOFException("unexpected end of stream")));
        assertTrue(UnknownOutcomeRetries.outcomeUnknown(new IOException("Connection reset")));
        assertTrue(UnknownOutcomeRetries.outcomeUnknown(status(503)));
        assertTrue(UnknownOutcomeRetries.outcomeUnknown(status(429)));
    }

    @Test
    void interruptsAndRefusalsAreNotTriedAgain() {
        assertFalse(UnknownOutcomeRetries.outcomeUnknown(new InterruptedIOException("HTTP transport closed")));
        assertFalse(UnknownOutcomeRetries.outcomeUnknown(status(400)));
        assertFalse(UnknownOutcomeRetries.outcomeUnknown(status(501)));
    }

    @Test
    void retriesEndAfterTheConfiguredNumberAndAnInterruptEndsThePause() {
        UnknownOutcomeRetries retries = new UnknownOutcomeRetries(2, Duration.ofMillis(1), Duration.ofMillis(4));
        assertFalse(retries.exhausted(1));
        assertFalse(retries.exhausted(2));
        assertTrue(retries.exhausted(3));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedIOException.class, () -> new UnknownOutcomeRetries(2, Duration.ofSeconds(10),
            Duration.ofSeconds(10)).pause(1));
        assertTrue(Thread.interrupted(), "the interrupt flag is kept");
    }
}
