package io.datapoint.connect.iotile.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.testkit.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/**
 * An in-process IOTile Cloud server for tests, the quickstart and benchmarks: a real HTTP server on 127.0.0.1
 * speaking the IOTile REST API as protocols/iotile.md describes it (auth endpoints with expiring HS256 JWTs, 401
 * with {@code WWW-Authenticate}, {@code /data/} filters, ordering and pages, stream metadata with units, data
 * posts), over an in-memory store, with fault injection and ground truth.
 *
 * <p>Not simulated: organisations and sharing (a user reads the projects it owns), devices' report uploads (use
 * {@link #deviceReadings}), events, {@code /stream/{slug}/data/}, data blocks, aliases, Firehose delays.
 */
public final class IotileSimulator implements AutoCloseable {

    static final int CALL_LOG_LIMIT = 20_000;

    private final MockWebServer server;
    private final IotileApi api;
    private final SimFaults faults = new SimFaults();
    private final Deque<RecordedCall> calls = new ArrayDeque<>();
    private final AtomicLong handled = new AtomicLong();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();

    private IotileSimulator(int port) {
        api = new IotileApi(Clock.systemUTC());
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return IotileSimulator.this.dispatch(request);
            }
        });
        try {
            server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IOTile simulator", e);
        }
    }

    /** Starts on an ephemeral port. */
    public static IotileSimulator start() {
        return new IotileSimulator(0);
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    // ------------------------------------------------------------------------------------------ setup

    /** Creates an account that logs in with this e-mail and password. */
    public void createUser(String email, String password) {
        api.createUser(email, password);
    }

    /** The account's DRF token key ({@code Authorization: Token <key>}). */
    public String drfToken(String email) {
        return api.user(email).drfToken;
    }

    /** Creates a project owned by {@code owner}; returns its UUID. */
    public String createProject(String owner, String projectSlug, String name) {
        return api.createProject(owner, projectSlug, name).uuid;
    }

    /** Registers a device in a project. */
    public void createDevice(String projectSlug, String deviceSlug) {
        api.createDevice(projectSlug, deviceSlug);
    }

    /** Creates stream metadata (a StreamId), which listings return; data can exist without it. */
    public void createStream(String streamSlug, String label) {
        api.createStream(streamSlug, label);
    }

    /** Gives a stream an output unit: {@code output_value = o + value * m / d}. */
    public void setOutputUnit(String streamSlug, String unitSlug, String unitShort, double m, double d, double o) {
        ObjectNode u = JsonNodeFactory.instance.objectNode().put("slug", unitSlug).put("unit_full", unitSlug)
            .put("unit_short", unitShort).put("m", m).put("d", d).put("o", o).put("decimal_places", 2);
        u.putArray("derived_units");
        api.stream(streamSlug).outputUnit = u;
    }

    /** How long issued JWTs are valid (7 days by default). */
    public void setTokenLifetime(Duration lifetime) {
        api.tokenLifetime = lifetime;
    }

    /** False to answer pages without {@code next}/{@code previous} links (as the official client's mock does). */
    public void setPageLinks(boolean links) {
        api.pageLinks = links;
    }

    /** Every JWT issued so far is answered as expired from now on (and cannot be refreshed). */
    public void expireIssuedTokens() {
        api.expireIssuedTokens(Set.copyOf(issuedTokens));
    }

    // ------------------------------------------------------------------------------------------ data

    /**
     * Device readings as a report upload stores them: {@code n} readings with the device's next reading ids,
     * {@code int_value} = {@code firstValue + i}, at {@code firstSecond + i * stepSeconds} (with a random sub-second
     * part). Timestamps may be old: a late upload.
     */
    public void deviceReadings(String streamSlug, int n, long firstSecond, long stepSeconds, long firstValue) {
        String device = IotileApi.deviceOf(streamSlug);
        for (int i = 0; i < n; i++) {
            Instant t = Instant.ofEpochSecond(firstSecond + i * stepSeconds,
                ThreadLocalRandom.current().nextInt(1_000_000) * 1000L);
            api.insert(streamSlug, t, firstValue + i, null, api.nextReadingId(device), (long) i);
        }
    }

    /**
     * Readings written through the API ({@code streamer_local_id = 0}): {@code n} readings inside one second,
     * with increasing microseconds, {@code int_value} = {@code firstValue + i}.
     */
    public void apiBurst(String streamSlug, int n, long second, long firstValue) {
        for (int i = 0; i < n; i++) {
            api.insert(streamSlug, Instant.ofEpochSecond(second, (long) i * 1_000_000_000L / Math.max(1, n)),
                firstValue + i, null, 0, null);
        }
    }

    /** One reading written through the API at an exact time. */
    public void apiReading(String streamSlug, Instant at, long intValue) {
        api.insert(streamSlug, at, intValue, null, 0, null);
    }

    /** The stored rows of a stream, in insertion order. */
    public List<SimRow> data(String streamSlug) {
        return api.streamRows(streamSlug, r -> true);
    }

    /** How many rows a stream holds. */
    public int count(String streamSlug) {
        return api.streamRowCount(streamSlug);
    }

    // ------------------------------------------------------------------------------------------ faults

    /** The next {@code n} matching requests are answered {@code status} (with Retry-After when not null). */
    public void failNext(int n, int status, String retryAfter, String method, String pathPrefix) {
        faults.add(new SimFaults.Rule(SimFaults.Kind.FAIL, n, method, pathPrefix, status, retryAfter, null));
    }

    /** The next {@code n} matching requests are carried out, then the connection is cut before the answer. */
    public void storeThenDropNext(int n, String method, String pathPrefix) {
        faults.add(new SimFaults.Rule(SimFaults.Kind.STORE_THEN_DROP, n, method, pathPrefix, 0, null, null));
    }

    /** The next {@code n} matching requests wait before they are handled. */
    public void delayNext(int n, Duration delay, String method, String pathPrefix) {
        faults.add(new SimFaults.Rule(SimFaults.Kind.DELAY, n, method, pathPrefix, 0, null, delay));
    }

    /**
     * The next {@code n} matching requests are carried out and answered with their status and headers, but the
     * connection is cut in the middle of the body.
     */
    public void truncateNext(int n, String method, String pathPrefix) {
        faults.add(new SimFaults.Rule(SimFaults.Kind.TRUNCATE, n, method, pathPrefix, 0, null, null));
    }

    /** The next {@code n} matching requests get their connection cut before anything is done. */
    public void resetNext(int n, String method, String pathPrefix) {
        faults.add(new SimFaults.Rule(SimFaults.Kind.RESET, n, method, pathPrefix, 0, null, null));
    }

    /** How many armed fault uses no request has hit yet. */
    public int pendingFaults() {
        return faults.pending();
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The handled requests, oldest first (bounded). */
    public List<RecordedCall> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    /** Requests answered since start, never cleared (the call log is bounded), for request-rate figures. */
    public long requestCount() {
        return handled.get();
    }

    public void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    // ------------------------------------------------------------------------------------------ dispatch

    private MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
            // MockWebServer queues every request; our own bounded log is the ground truth
        }
        String method = request.getMethod();
        String path = request.getUrl().encodedPath();
        String query = request.getUrl().encodedQuery();
        String authHeader = request.getHeaders().get("Authorization");
        String auth = authHeader == null ? null : authHeader.trim().split(" ")[0];
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        String bodyText = path.contains("/auth/") ? "[redacted]" : new String(body, StandardCharsets.UTF_8);

        SimFaults.Rule delay = faults.take(method, path, SimFaults.Kind.DELAY);
        if (delay != null) {
            Thread.sleep(delay.delay.toMillis());
        }
        SimFaults.Rule fault = faults.take(method, path, SimFaults.Kind.FAIL, SimFaults.Kind.RESET,
            SimFaults.Kind.STORE_THEN_DROP, SimFaults.Kind.TRUNCATE);
        if (fault != null && fault.kind == SimFaults.Kind.FAIL) {
            log(method, path, query, auth, fault.status, "FAIL", bodyText);
            MockResponse.Builder b = new MockResponse.Builder().code(fault.status)
                .setHeader("Content-Type", "application/json")
                .body(new Buffer().writeUtf8("{\"detail\":\"A server error occurred.\"}"));
            if (fault.retryAfter != null) {
                b.setHeader("Retry-After", fault.retryAfter);
            }
            return b.build();
        }
        if (fault != null && fault.kind == SimFaults.Kind.RESET) {
            log(method, path, query, auth, -1, "RESET", bodyText);
            return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        IotileApi.Answer answer = api.handle(method, request.getUrl(), request.getHeaders(), body);
        if (answer.status() == 200 && path.contains("/auth/")) {
            rememberTokens(answer.body());
        }
        if (fault != null && fault.kind == SimFaults.Kind.STORE_THEN_DROP) {
            log(method, path, query, auth, -1, "STORE_THEN_DROP", bodyText);
            return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        log(method, path, query, auth, answer.status(), null, bodyText);
        MockResponse.Builder b = new MockResponse.Builder().code(answer.status())
            .setHeader("Content-Type", "application/json").setHeader("Vary", "Accept, Authorization")
            .setHeader("Allow", "GET, POST, HEAD, OPTIONS");
        answer.headers().forEach(b::setHeader);
        if (answer.status() != 204) {
            b.body(new Buffer().write(answer.body()));
        }
        if (fault != null && fault.kind == SimFaults.Kind.TRUNCATE) {
            b.onResponseBody(SocketEffect.ShutdownConnection.INSTANCE);
        }
        return b.build();
    }

    private void rememberTokens(byte[] body) {
        try {
            var json = IotileApi.JSON.readTree(body);
            for (String f : List.of("jwt", "token")) {
                if (json.path(f).isTextual() && json.path(f).asText().contains(".")) {
                    issuedTokens.add(json.path(f).asText());
                }
            }
        } catch (IOException ignored) {
            // not JSON
        }
    }

    private void log(String method, String path, String query, String auth, int status, String fault, String body) {
        handled.incrementAndGet();
        RecordedCall call = new RecordedCall(method, path, query, auth, status, fault,
            body.length() > 2000 ? body.substring(0, 2000) : body);
        synchronized (calls) {
            if (calls.size() >= CALL_LOG_LIMIT) {
                calls.removeFirst();
            }
            calls.addLast(call);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
