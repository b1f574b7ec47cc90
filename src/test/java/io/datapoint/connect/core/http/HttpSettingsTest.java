package io.datapoint.connect.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

class HttpSettingsTest {

    @Test
    void defaults() {
        HttpSettings s = HttpSettings.builder().build();
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(Duration.ofSeconds(30), s.readTimeout());
        assertEquals(8, s.maxRetries());
        assertEquals(Duration.ofMillis(200), s.retryBackoffInitial());
        assertEquals(Duration.ofSeconds(30), s.retryBackoffMax());
        assertEquals(Duration.ofMinutes(5), s.maxRetryAfter());
        assertEquals(0.0, s.requestsPerSecond());
        assertEquals(64L * 1024 * 1024, s.maxResponseBytes());
        assertEquals("datapoint-connect", s.userAgent());
        assertTrue(s.trustStorePath().isEmpty());
        assertTrue(s.proxyHost().isEmpty());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder().maxRetries(-1));
        assertThrows(
                IllegalArgumentException.class, () -> HttpSettings.builder().requestsPerSecond(-1));
        assertThrows(
                IllegalArgumentException.class, () -> HttpSettings.builder().maxResponseBytes(0));
        assertThrows(IllegalArgumentException.class, () -> HttpSettings.builder().proxy("p", 0));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        HttpSettings.builder()
                                .retryBackoffInitial(Duration.ofSeconds(5))
                                .retryBackoffMax(Duration.ofSeconds(1))
                                .build());
    }

    @Test
    void toStringHidesTheTrustStorePassword() {
        HttpSettings s =
                HttpSettings.builder().trustStore("/x.jks", new Password("hunter2"), null).build();
        assertFalse(s.toString().contains("hunter2"));
    }

    @Test
    void loadsATrustStoreAndReportsABadPasswordWithoutTheSecret(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("trust.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "right-pass".toCharArray());
        }

        HttpSettings ok =
                HttpSettings.builder()
                        .trustStore(file.toString(), new Password("right-pass"), null)
                        .build();
        try (HttpTransport t = new HttpTransport(ok, List.of(), HttpObserver.NONE)) {
            assertTrue(t.client().sslSocketFactory() != null);
        }

        HttpSettings bad =
                HttpSettings.builder()
                        .trustStore(file.toString(), new Password("wrong-pass"), "PKCS12")
                        .build();
        ConfigException e =
                assertThrows(ConfigException.class, () -> new HttpTransport(bad, List.of(), null));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-pass"), e.getMessage());

        HttpSettings missing =
                HttpSettings.builder()
                        .trustStore(dir.resolve("nope.jks").toString(), null, null)
                        .build();
        assertThrows(ConfigException.class, () -> new HttpTransport(missing, List.of(), null));
    }
}
