package io.datapoint.connect.core.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

import okhttp3.Interceptor;
import okhttp3.Request;

import okio.Buffer;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

class HttpTransportTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private MockWebServer server;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<Integer> retriedAttempts = new CopyOnWriteArrayList<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final HttpObserver observer =
            new HttpObserver() {
                @Override
                public void onResponse(String host, int status, long micros) {
                    statuses.add(status);
                }

                @Override
                public void onRetry(String host, int attempt, String reason) {
                    retriedAttempts.add(attempt);
                }

                @Override
                public void onFailure(String host, Throwable error) {
                    failures.add(error);
                }
            };
    private final List<HttpTransport> transports = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        transports.forEach(HttpTransport::close);
        server.close();
    }

    /**
     * Tiny backoffs; jitter fixed at 1 so every wait is the full step; real sleeps shrunk to zero.
     */
    private static HttpSettings.Builder fast() {
        return HttpSettings.builder()
                .retryBackoffInitial(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(8))
                .readTimeout(Duration.ofSeconds(5));
    }

    private HttpTransport transport(HttpSettings settings, Interceptor... interceptors) {
        return transport(settings, new HostRateLimiters(), UnaryOperator.identity(), interceptors);
    }

    private HttpTransport transport(
            HttpSettings settings,
            HostRateLimiters limiters,
            UnaryOperator<Duration> realWait,
            Interceptor... interceptors) {
        HttpTransport t =
                new HttpTransport(
                        settings,
                        List.of(interceptors),
                        observer,
                        new HttpTransport.Seams(
                                limiters,
                                () -> 1.0,
                                Clock.fixed(NOW, ZoneOffset.UTC),
                                realWait,
                                (attempt, wait) -> waits.add(wait)));
        transports.add(t);
        return t;
    }

    private Request get(String path) {
        return new Request.Builder().url(server.url(path)).build();
    }

    private static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    @Test
    void retriesA503BurstThenReturnsTheSuccess() throws IOException {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(503, "busy"));
        }
        server.enqueue(status(200, "{\"ok\":true}"));

        HttpResult result = transport(fast().build()).execute(get("/streams"));

        assertEquals(200, result.status());
        assertEquals("{\"ok\":true}", result.bodyText());
        assertEquals(4, server.getRequestCount());
        assertEquals(List.of(1, 2, 3), retriedAttempts);
        // exponential steps with full jitter (jitter pinned to 1): 1, 2, 4 ms
        assertEquals(
                List.of(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4)), waits);
        assertEquals(List.of(503, 503, 503, 200), statuses);
        assertTrue(failures.isEmpty());
    }

    @Test
    void connectionsAreOpenedWithTcpNoDelay() throws IOException {
        // Nagle's algorithm would hold the tail of a large body until the server's delayed ACK
        try (Socket socket = transport(fast().build()).client().socketFactory().createSocket()) {
            assertTrue(socket.getTcpNoDelay());
        }
    }

    @Test
    void backoffIsCappedAtTheMaximum() throws IOException {
        for (int i = 0; i < 6; i++) {
            server.enqueue(status(502, ""));
        }
        server.enqueue(status(200, "ok"));

        transport(fast().build()).execute(get("/x"));

        assertEquals(
                List.of(1L, 2L, 4L, 8L, 8L, 8L), waits.stream().map(Duration::toMillis).toList());
    }

    @Test
    void honoursRetryAfterSecondsOn429() throws IOException {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
        server.enqueue(status(200, "ok"));

        // the wait the policy chooses is observed; the real sleep is shrunk so the test stays fast
        HttpTransport t = transport(fast().build(), new HostRateLimiters(), d -> Duration.ZERO);
        assertEquals("ok", t.execute(get("/x")).bodyText());

        assertEquals(2, server.getRequestCount());
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void honoursRetryAfterHttpDateOn503AndCapsIt() throws IOException {
        String in90s =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.ofInstant(NOW.plusSeconds(90), ZoneOffset.UTC));
        server.enqueue(
                new MockResponse.Builder().code(503).addHeader("Retry-After", in90s).build());
        server.enqueue(
                new MockResponse.Builder().code(503).addHeader("Retry-After", in90s).build());
        server.enqueue(status(200, "ok"));

        HttpTransport t =
                transport(
                        fast().maxRetryAfter(Duration.ofMinutes(5)).build(),
                        new HostRateLimiters(),
                        d -> Duration.ZERO);
        t.execute(get("/x"));
        assertEquals(List.of(Duration.ofSeconds(90), Duration.ofSeconds(90)), waits);

        waits.clear();
        server.enqueue(
                new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
        server.enqueue(status(200, "ok"));
        HttpTransport capped =
                transport(
                        fast().maxRetryAfter(Duration.ofSeconds(30)).build(),
                        new HostRateLimiters(),
                        d -> Duration.ZERO);
        capped.execute(get("/x"));
        assertEquals(List.of(Duration.ofSeconds(30)), waits);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 501})
    void neverRetriesClientErrorsOr501(int code) {
        server.enqueue(status(code, "{\"error\":\"nope\"}"));
        server.enqueue(status(200, "should not be asked"));

        HttpStatusException e =
                assertThrows(
                        HttpStatusException.class,
                        () -> transport(fast().build()).execute(get("/x")));

        assertEquals(code, e.status());
        assertFalse(e.retriable());
        assertEquals(1, server.getRequestCount());
        assertTrue(waits.isEmpty());
        assertEquals(1, failures.size());
    }

    @Test
    void noRetryModeMakesOneAttemptEvenForRetriableStatuses() {
        server.enqueue(status(503, "down"));
        server.enqueue(status(200, "ok"));

        Request post =
                new Request.Builder()
                        .url(server.url("/write"))
                        .post(
                                okhttp3.RequestBody.create(
                                        "[]", okhttp3.MediaType.get("application/json")))
                        .build();
        HttpStatusException e =
                assertThrows(
                        HttpStatusException.class,
                        () -> transport(fast().build()).execute(post, RetryMode.NO_RETRY));

        assertEquals(503, e.status());
        assertTrue(e.retriable());
        assertEquals("POST", e.method());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void exhaustedRetriesEndInStatusExceptionWithBodyAndNoQueryString() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(500, "{\"error\":\"database exploded\"}"));
        }

        HttpStatusException e =
                assertThrows(
                        HttpStatusException.class,
                        () ->
                                transport(fast().maxRetries(2).build())
                                        .execute(get("/api/streams?token=s3cret&limit=5")));

        assertEquals(500, e.status());
        assertEquals("{\"error\":\"database exploded\"}", e.body());
        assertEquals("GET", e.method());
        assertEquals(server.url("/api/streams").toString(), e.url());
        assertTrue(
                e.getMessage().contains("500") && e.getMessage().contains("database exploded"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertEquals(3, server.getRequestCount());
        assertEquals(2, waits.size());
        assertEquals(1, failures.size());
    }

    @Test
    void messageCarriesAtMostOneKibOfTheBody() {
        String big = "x".repeat(5000);
        server.enqueue(status(400, big));

        HttpStatusException e =
                assertThrows(
                        HttpStatusException.class,
                        () -> transport(fast().build()).execute(get("/x")));

        assertEquals(big, e.body());
        assertTrue(
                e.getMessage().length() < 1024 + 200, "message length " + e.getMessage().length());
    }

    @Test
    void bodyLargerThanTheLimitFailsClearlyAndIsNotRetried() throws IOException {
        server.enqueue(status(200, "0123456789A"));
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody("0123456789A", 3).build());
        server.enqueue(status(200, "0123456789"));
        HttpTransport t = transport(fast().maxResponseBytes(10).build());

        ResponseTooLargeException withLength =
                assertThrows(ResponseTooLargeException.class, () -> t.execute(get("/a")));
        assertTrue(withLength.getMessage().contains("10 bytes"), withLength.getMessage());
        assertThrows(
                ResponseTooLargeException.class,
                () -> t.execute(get("/b"))); // chunked: no Content-Length
        assertEquals("0123456789", t.execute(get("/c")).bodyText()); // exactly at the limit

        assertEquals(3, server.getRequestCount());
        assertTrue(waits.isEmpty());
    }

    @Test
    void retriesAConnectionDroppedBeforeTheResponse() throws IOException {
        server.enqueue(
                new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(status(200, "ok"));

        assertEquals("ok", transport(fast().build()).execute(get("/x")).bodyText());
        assertEquals(1, waits.size());
    }

    @Test
    void retriesAReadTimeout() throws IOException {
        server.enqueue(
                new MockResponse.Builder()
                        .code(200)
                        .body("late")
                        .headersDelay(2, TimeUnit.SECONDS)
                        .build());
        server.enqueue(status(200, "ok"));

        HttpTransport t = transport(fast().readTimeout(Duration.ofMillis(200)).build());
        assertEquals("ok", t.execute(get("/x")).bodyText());
        assertEquals(1, waits.size());
    }

    @Test
    void sendsBearerTokenAndUserAgent() throws Exception {
        server.enqueue(status(200, "ok"));

        transport(
                        fast().userAgent("datapoint-connect/test").build(),
                        new BearerTokenAuth(new Password("t0ken")))
                .execute(get("/x"));

        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(recorded);
        assertEquals("Bearer t0ken", recorded.getHeaders().get("Authorization"));
        assertEquals("datapoint-connect/test", recorded.getHeaders().get("User-Agent"));
    }

    @Test
    void sendsBasicCredentials() throws Exception {
        server.enqueue(status(200, "ok"));

        transport(fast().build(), new BasicAuth("alice", new Password("pä55"))).execute(get("/x"));

        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        String expected =
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(
                                        "alice:pä55"
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(expected, recorded.getHeaders().get("Authorization"));
        assertEquals("datapoint-connect", recorded.getHeaders().get("User-Agent"));
    }

    @Test
    void interruptDuringBackoffEndsPromptlyWithInterruptedIoException() {
        server.enqueue(status(503, "down"));
        HttpTransport t =
                transport(
                        HttpSettings.builder()
                                .retryBackoffInitial(Duration.ofSeconds(30))
                                .retryBackoffMax(Duration.ofSeconds(30))
                                .build());

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Thread caller =
                new Thread(() -> {
                    try {
                        t.execute(get("/x"));
                    } catch (Throwable e) {
                        thrown.set(e);
                        flagKept.set(Thread.currentThread().isInterrupted());
                    }
                });
        caller.start();
        await().until(() -> waits.size() == 1); // in the 30 s backoff now
        caller.interrupt();

        await().atMost(Duration.ofSeconds(5)).until(() -> thrown.get() != null);
        assertInstanceOf(InterruptedIOException.class, thrown.get());
        assertTrue(flagKept.get(), "the interrupt flag is kept for the caller");
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void closeDuringBackoffEndsTheCallPromptly() {
        server.enqueue(status(503, "down"));
        HttpTransport t =
                transport(
                        HttpSettings.builder()
                                .retryBackoffInitial(Duration.ofSeconds(30))
                                .retryBackoffMax(Duration.ofSeconds(30))
                                .build());

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagLeft = new AtomicReference<>();
        Thread caller =
                new Thread(() -> {
                    try {
                        t.execute(get("/x"));
                    } catch (Throwable e) {
                        thrown.set(e);
                        flagLeft.set(Thread.currentThread().isInterrupted());
                    }
                });
        caller.start();
        await().until(() -> waits.size() == 1);
        t.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> thrown.get() != null);
        assertInstanceOf(InterruptedIOException.class, thrown.get());
        assertFalse(flagLeft.get(), "close() must not leave an interrupt flag behind");
        assertThrows(InterruptedIOException.class, () -> t.execute(get("/y")));
    }

    @Test
    void perHostRateLimiterIsSharedByTransports() throws IOException {
        for (int i = 0; i < 5; i++) {
            server.enqueue(status(200, "ok"));
        }
        HostRateLimiters limiters = new HostRateLimiters();
        HttpSettings limited = fast().requestsPerSecond(1000).build();
        HttpTransport first = transport(limited, limiters, UnaryOperator.identity());
        HttpTransport second = transport(limited, limiters, UnaryOperator.identity());

        first.execute(get("/a"));
        first.execute(get("/b"));
        second.execute(get("/c"));
        second.execute(get("/d"));
        second.execute(get("/e"));

        String host = server.url("/").host();
        assertEquals(
                5,
                limiters.permitsAcquired(host),
                "both transports draw permits from the one host limiter");
        assertTrue(
                limiters.limiterFor(host, 1000) == limiters.limiterFor(host.toUpperCase(), 1000));
        assertEquals(0, limiters.permitsAcquired("other.example"));
    }

    @Test
    void unlimitedRateTakesNoPermits() throws IOException {
        server.enqueue(status(200, "ok"));
        HostRateLimiters limiters = new HostRateLimiters();

        transport(fast().build(), limiters, UnaryOperator.identity()).execute(get("/a"));

        assertEquals(0, limiters.permitsAcquired(server.url("/").host()));
    }

    @Test
    void goesThroughTheConfiguredProxy() throws Exception {
        server.enqueue(status(200, "via proxy"));
        HttpTransport t = transport(fast().proxy(server.getHostName(), server.getPort()).build());

        HttpResult result =
                t.execute(new Request.Builder().url("http://platform.invalid/api/x").build());

        assertEquals("via proxy", result.bodyText());
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(
                recorded.getRequestLine().contains("http://platform.invalid/api/x"),
                recorded.getRequestLine());
    }

    @Test
    void closeReleasesTheDispatcherThreads() {
        HttpTransport t = transport(fast().build());
        t.close();
        assertTrue(t.client().dispatcher().executorService().isShutdown());
    }

    @Test
    void observerSeesStatusesOfEveryAttempt() throws IOException {
        server.enqueue(status(429, ""));
        server.enqueue(status(204, ""));

        HttpResult result = transport(fast().build()).execute(get("/x"));

        assertEquals(204, result.status());
        assertEquals(0, result.body().length);
        assertEquals(List.of(429, 204), Collections.unmodifiableList(statuses));
    }

    @Test
    void largeBodiesUnderTheLimitArriveWhole() throws IOException {
        Buffer big = new Buffer();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'z');
        for (int i = 0; i < 16; i++) {
            big.write(chunk);
        }
        server.enqueue(new MockResponse.Builder().code(200).body(big).build());

        HttpResult result =
                transport(fast().maxResponseBytes(2L * 1024 * 1024).build()).execute(get("/x"));

        assertEquals(16 * 64 * 1024, result.body().length);
    }
}
