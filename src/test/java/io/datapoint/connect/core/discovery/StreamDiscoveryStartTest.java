package io.datapoint.connect.core.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datapoint.connect.core.http.HttpStatusException;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class StreamDiscoveryStartTest {

    @Test
    void startOrFailReturnsTheFirstListing() {
        try (StreamDiscovery d = new StreamDiscovery("x source 'a'", () -> List.of("s1#f", "s2#f"), 60_000,
            changed -> { })) {
            assertEquals(List.of("s1#f", "s2#f"), d.startOrFail("streams", e -> "?"));
        }
    }

    @Test
    void anHttpFailureIsDescribedInThePlatformsWords() {
        HttpStatusException http = new HttpStatusException("GET", HttpUrl.get("http://h/x"), 401, null, "no");
        try (StreamDiscovery d = new StreamDiscovery("x source 'a'", () -> {
            throw http;
        }, 60_000, changed -> { })) {
            ConnectException e = assertThrows(ConnectException.class,
                () -> d.startOrFail("streams", ex -> "denied (" + ex.status() + "). Check x.token."));
            assertEquals("x source 'a': listing the streams failed: denied (401). Check x.token.", e.getMessage());
            assertEquals(http, e.getCause());
        }
    }

    @Test
    void anyOtherFailureIsNamed() {
        try (StreamDiscovery d = new StreamDiscovery("x source 'a'", () -> {
            throw new IOException("refused");
        }, 60_000, changed -> { })) {
            ConnectException e = assertThrows(ConnectException.class, () -> d.startOrFail("timeseries", ex -> "?"));
            assertEquals("x source 'a': listing the timeseries failed: java.io.IOException: refused", e.getMessage());
        }
    }

    @Test
    void idsDropTheFingerprint() {
        assertEquals(List.of("alice/phone/steps", "id2", "plain"),
            StreamDiscovery.ids(List.of("alice/phone/steps#1a2b", "id2#unreadable", "plain")));
    }
}
