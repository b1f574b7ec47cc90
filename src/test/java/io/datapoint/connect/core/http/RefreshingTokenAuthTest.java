package io.datapoint.connect.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefreshingTokenAuthTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private MockWebServer server;
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final List<String> calls = new ArrayList<>();

    /** Hands out token-1, token-2, ... each valid for an hour; refreshes say "refreshed-n". */
    private final TokenSource source = new TokenSource() {
        private int n;

        @Override
        public AccessToken obtain() {
            calls.add("obtain");
            return new AccessToken(new Password("token-" + ++n), now.get().plusSeconds(3600), new Password("r"));
        }

        @Override
        public AccessToken refresh(AccessToken current) throws IOException {
            calls.add("refresh");
            if (current.refreshToken() == null) {
                throw new IOException("no refresh token");
            }
            return new AccessToken(new Password("refreshed-" + ++n), now.get().plusSeconds(3600), null);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpTransport transport(RefreshingTokenAuth auth) {
        return new HttpTransport(HttpSettings.builder().maxRetries(0).build(), List.of(auth), HttpObserver.NONE);
    }

    private static MockResponse answer(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    private HttpUrl url() {
        return server.url("/data");
    }

    private String authorization() throws InterruptedException {
        return server.takeRequest().getHeaders().get("Authorization");
    }

    @Test
    void obtainsOnceAndSendsTheSchemeAndToken() throws Exception {
        RefreshingTokenAuth auth = new RefreshingTokenAuth(source, "JWT", Duration.ofMinutes(5), clock);
        server.enqueue(answer(200, "{}"));
        server.enqueue(answer(200, "{}"));
        try (HttpTransport t = transport(auth)) {
            t.execute(new Request.Builder().url(url()).build());
            t.execute(new Request.Builder().url(url()).build());
        }
        assertEquals("JWT token-1", authorization());
        assertEquals("JWT token-1", authorization());
        assertEquals(List.of("obtain"), calls);
    }

    @Test
    void refreshesWithinTheMarginBeforeExpiry() throws Exception {
        RefreshingTokenAuth auth = new RefreshingTokenAuth(source, "Bearer", Duration.ofMinutes(5), clock);
        server.enqueue(answer(200, "{}"));
        server.enqueue(answer(200, "{}"));
        try (HttpTransport t = transport(auth)) {
            t.execute(new Request.Builder().url(url()).build());
            now.set(NOW.plusSeconds(3600 - 299));
            t.execute(new Request.Builder().url(url()).build());
        }
        assertEquals("Bearer token-1", authorization());
        assertEquals("Bearer refreshed-2", authorization());
        assertEquals(List.of("obtain", "refresh"), calls);
    }

    @Test
    void a401ObtainsANewTokenAndSendsTheRequestOnceMore() throws Exception {
        RefreshingTokenAuth auth = new RefreshingTokenAuth(source, "JWT", Duration.ofMinutes(5), clock);
        server.enqueue(new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "JWT").body("expired").build());
        server.enqueue(answer(200, "ok"));
        try (HttpTransport t = transport(auth)) {
            assertEquals("ok", new String(t.execute(new Request.Builder().url(url()).build()).body()));
        }
        assertEquals("JWT token-1", authorization());
        assertEquals("JWT token-2", authorization());
        assertEquals(List.of("obtain", "obtain"), calls);
    }

    @Test
    void aSecond401IsTheCallersAnswer() throws Exception {
        RefreshingTokenAuth auth = new RefreshingTokenAuth(source, "JWT", Duration.ofMinutes(5), clock);
        server.enqueue(answer(401, "no"));
        server.enqueue(answer(401, "still no"));
        try (HttpTransport t = transport(auth)) {
            HttpStatusException e = assertThrows(HttpStatusException.class,
                () -> t.execute(new Request.Builder().url(url()).build()));
            assertEquals(401, e.status());
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void aFailedRefreshOfAnExpiredTokenLogsInAgain() throws Exception {
        TokenSource noRefresh = new TokenSource() {
            @Override
            public AccessToken obtain() {
                calls.add("obtain");
                return new AccessToken(new Password("t" + calls.size()), now.get().plusSeconds(60), null);
            }

            @Override
            public AccessToken refresh(AccessToken current) throws IOException {
                calls.add("refresh");
                throw new IOException("refresh refused");
            }
        };
        RefreshingTokenAuth auth = new RefreshingTokenAuth(noRefresh, "Bearer", Duration.ofSeconds(30), clock);
        server.enqueue(answer(200, "{}"));
        server.enqueue(answer(200, "{}"));
        server.enqueue(answer(200, "{}"));
        try (HttpTransport t = transport(auth)) {
            t.execute(new Request.Builder().url(url()).build());
            now.set(NOW.plusSeconds(45)); // within the margin, still valid: kept
            t.execute(new Request.Builder().url(url()).build());
            now.set(NOW.plusSeconds(61)); // expired: a new login
            t.execute(new Request.Builder().url(url()).build());
        }
        assertEquals("Bearer t1", authorization());
        assertEquals("Bearer t1", authorization());
        assertEquals("Bearer t4", authorization());
        assertEquals(List.of("obtain", "refresh", "refresh", "obtain"), calls);
    }

    @Test
    void neverShowsTheToken() {
        AccessToken token = new AccessToken(new Password("s3cr3t"), NOW, new Password("r3fr3sh"));
        assertFalse(token.toString().contains("s3cr3t"));
        assertFalse(token.toString().contains("r3fr3sh"));
        assertFalse(new RefreshingTokenAuth(source, "JWT", Duration.ZERO).toString().contains("token"));
    }
}
