package io.datapoint.connect.hexoskin.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.testkit.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToDoubleFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * An in-process Hexoskin API on 127.0.0.1 for tests, the quickstart and benchmarks, speaking the wire protocol of
 * {@code shared/protocols/hexoskin.md}: Tastypie resources under {@code /api/<name>/} (list envelope with a relative
 * {@code meta.next}, {@code limit} default 20 and max 1000, {@code order_by} restricted to the schema's fields,
 * {@code field__lookup} filters, undeclared parameters ignored, 405 for methods a resource does not allow), API-key
 * request signing with HTTP Basic login ({@code X-HEXOAPISIGNATURE = sha1(secret + ts + full URL)}), the OAuth2
 * token endpoint and bearer tokens, the data endpoint ({@code [{"data": {"<id>": [[tick, value], ...]}, "user":
 * ...}]}) with its per-datatype value cap and subsampling, records with {@code last_modified}, annotations and
 * ranges (created one by one with {@code POST}, or in bulk with Tastypie's {@code PATCH} of the list, all or
 * nothing: see {@code SimWrites}). Ground truth ({@link #samples}, {@link #annotations}, {@link #calls}), fault injection, preload and late
 * syncs for tests. Thread-safe (one lock).
 *
 * <p>Not simulated: OAuth1, the authorization-code browser flow, CSV/EDF/zip data formats, tracks, reports,
 * metrics, studies.
 */
public final class HexoskinSimulator implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Accepted skew of {@code X-HEXOTIMESTAMP} (the real server's tolerance is not documented). */
    public static final Duration SIGNATURE_SKEW = Duration.ofMinutes(5);
    static final String TOKEN_PATH = "/api/connect/oauth2/token/";

    /** A request as the simulator saw it: method, path, decoded query, status answered, who it was for. */
    public record Call(String method, String path, HttpUrl url, int status, Long user, String body) {
    }

    private final MockWebServer server = new MockWebServer();
    private final SimStore store = new SimStore();
    private final Object lock = new Object();
    private final List<Call> calls = new ArrayList<>();
    private long handled;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile int maxValues = 65_536;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile boolean endInclusive = true;
    private volatile SimWrites.Rules writeRules = SimWrites.Rules.DEFAULT;

    /** What an armed fault does to the request it hits. */
    private enum Kind { STATUS, DROP_AFTER, DELAY, RESET, TRUNCATE }

    /** An armed fault: {@code method} null matches every method; the token endpoint is never hit. */
    private record Fault(String method, String pathPrefix, Kind kind, int status, Duration delay, String retryAfter) {
    }

    private HexoskinSimulator() {
        defaultDatatypes();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                    // the simulator keeps its own bounded call log
                }
                return handle(request);
            }
        });
    }

    /** Starts on an ephemeral port. */
    public static HexoskinSimulator start() {
        HexoskinSimulator sim = new HexoskinSimulator();
        try {
            sim.server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
            sim.server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sim;
    }

    /** {@code http://127.0.0.1:<port>}; resources live under {@code /api/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------- setup and ground truth

    private void defaultDatatypes() {
        datatype(18, "rr_interval", null, "RR interval (s), one per heart beat");
        datatype(19, "heart_rate", 1.0, "Heart rate (bpm), average of the last 16 beats");
        datatype(33, "breathing_rate", 1.0, "Breathing rate (rpm)");
        datatype(36, "minute_ventilation", 1.0, "Minute ventilation (mL/min)");
        datatype(37, "tidal_volume", null, "Tidal volume (mL), one per breath");
        datatype(49, "activity", 1.0, "Activity (g)");
        datatype(52, "step", null, "Steps");
        datatype(53, "cadence", 1.0, "Cadence (steps/min)");
        datatype(208, "recorder_start", null, "Recorder start annotation");
        datatype(247, "battery", 1.0, "Battery level");
        datatype(4113, "ecg_channel_1", 256.0, "ECG lead I");
    }

    /** Adds or replaces a datatype. */
    public void datatype(int id, String name, Double freq, String info) {
        synchronized (lock) {
            store.datatypes.put(id, new SimStore.Datatype(id, name, freq, info));
        }
    }

    /** Fixes the clock (for last_modified and signature timestamps); null goes back to the system clock. */
    public void clock(Clock c) {
        this.clock = c == null ? Clock.systemUTC() : c;
    }

    /** The per-datatype value cap of the data endpoint (65536 on api.hexoskin.com). */
    public void maxValues(int cap) {
        this.maxValues = cap;
    }

    /** Whether the data endpoint includes a sample exactly at {@code end} (inclusive by default). */
    public void dataEndInclusive(boolean inclusive) {
        this.endInclusive = inclusive;
    }

    /**
     * Whether a bulk {@code PATCH} answers 202 with {@code {"objects": [...]}} (Tastypie's {@code
     * always_return_data}) rather than 202 with no body (Tastypie's default, and this simulator's).
     */
    public void bulkReturnsData(boolean returnsData) {
        synchronized (lock) {
            SimWrites.Rules r = writeRules;
            writeRules = new SimWrites.Rules(r.bulkAllowed(), returnsData, r.refusedText());
        }
    }

    /** Makes bulk {@code PATCH} of a list answer 405, as a deployment without bulk writes would. */
    public void disallowBulk() {
        synchronized (lock) {
            SimWrites.Rules r = writeRules;
            writeRules = new SimWrites.Rules(false, r.bulkReturnsData(), r.refusedText());
        }
    }

    /**
     * Refuses annotations whose text contains {@code marker} as invalid (400 naming the field, for the whole request
     * when it is a bulk one): content a real server may refuse that the connector cannot know in advance.
     */
    public void refuseAnnotationsContaining(String marker) {
        synchronized (lock) {
            SimWrites.Rules r = writeRules;
            writeRules = new SimWrites.Rules(r.bulkAllowed(), r.bulkReturnsData(), marker);
        }
    }

    /** How long OAuth2 access tokens live. */
    public void tokenLifetime(Duration d) {
        this.tokenLifetime = d;
    }

    /** Makes every issued access token expired now (refresh tokens stay valid). */
    public void expireAccessTokens() {
        synchronized (lock) {
            Instant past = clock.instant().minusSeconds(1);
            store.tokens.replaceAll((k, t) -> new SimStore.Token(t.access(), t.refresh(), t.user(), past));
        }
    }

    /** Creates a user account; returns its id. */
    public long createUser(String email, String password) {
        synchronized (lock) {
            long id = store.newId();
            store.users.put(id, new SimStore.User(id, email, password));
            return id;
        }
    }

    /** Lets {@code viewer} see {@code subject}'s data (as a study's subjects are shared with its staff). */
    public void share(long viewer, long subject) {
        synchronized (lock) {
            store.users.get(viewer).visible.add(subject);
        }
    }

    /** Registers an API key and its secret. */
    public void apiKey(String key, String secret) {
        synchronized (lock) {
            store.apiKeys.put(key, secret);
        }
    }

    /** Registers an OAuth2 client owned by {@code owner} (the password grant logs in only its owner). */
    public void oauthClient(String id, String secret, long owner) {
        synchronized (lock) {
            store.clients.put(id, new SimStore.OAuthClient(id, secret, owner));
        }
    }

    /** Issues a refresh token for a user directly, as an authorization-code flow would have. */
    public String issueRefreshToken(String clientId, long user) {
        synchronized (lock) {
            SimStore.Token t = issue(user);
            return t.refresh();
        }
    }

    /**
     * Creates a record of {@code user} spanning {@code [start, end]} ticks, modified now; returns its id.
     *
     * @param status complete, realtime, syncing, ...
     */
    public long createRecord(long user, long start, long end, String status) {
        synchronized (lock) {
            long id = store.newId();
            store.records.put(id, new SimStore.Rec(id, user, start, end, status, clock.instant()));
            return id;
        }
    }

    /** Changes a record's end and status, which moves its last_modified to now. */
    public void updateRecord(long id, long end, String status) {
        synchronized (lock) {
            SimStore.Rec r = store.records.get(id);
            r.end = end;
            r.status = status;
            r.lastModified = clock.instant();
        }
    }

    /** Deletes a record (its samples stay, outside any record). */
    public void deleteRecord(long id) {
        synchronized (lock) {
            store.records.remove(id);
        }
    }

    /** Touches a record: its last_modified moves to now. */
    public void touchRecord(long id) {
        synchronized (lock) {
            store.records.get(id).lastModified = clock.instant();
        }
    }

    /**
     * Stores {@code count} samples of a datatype of a user from {@code startTick}, every {@code step} ticks, with
     * values {@code value(i)}. Samples belong to whichever record of the user spans them.
     */
    public void preload(long user, int datatype, long startTick, long step, int count, LongToDoubleFunction value) {
        synchronized (lock) {
            NavigableMap<Long, Double> s = store.series(user, datatype);
            for (int i = 0; i < count; i++) {
                s.put(startTick + i * step, value.applyAsDouble(i));
            }
        }
    }

    /**
     * A shirt syncs a recording made in the past: a complete record over {@code [start, start + (count-1)*step]}
     * with samples of each datatype ({@code value(datatype, i)}), all appearing at once, modified now.
     */
    public long syncRecord(long user, long start, long step, int count, int[] datatypes,
                           java.util.function.BiFunction<Integer, Integer, Double> value) {
        synchronized (lock) {
            for (int d : datatypes) {
                int dt = d;
                preload(user, dt, start, step, count, i -> value.apply(dt, (int) i));
            }
            return createRecord(user, start, start + (long) (count - 1) * step, "complete");
        }
    }

    /** Every sample of a datatype of a user: tick → value. */
    public NavigableMap<Long, Double> samples(long user, int datatype) {
        synchronized (lock) {
            return new java.util.TreeMap<>(store.series(user, datatype));
        }
    }

    /** Every annotation stored. */
    public List<ObjectNode> annotations() {
        synchronized (lock) {
            return store.annotations.values().stream().map(ObjectNode::deepCopy).toList();
        }
    }

    /** How many annotations of {@code user} are stored. */
    public long annotationCount(long user) {
        String uri = "/api/user/" + user + "/";
        synchronized (lock) {
            return store.annotations.values().stream().filter(a -> a.path("user").asText().equals(uri)).count();
        }
    }

    /** How many samples of a datatype of a user are stored. */
    public int sampleCount(long user, int datatype) {
        synchronized (lock) {
            return store.series(user, datatype).size();
        }
    }

    /** Every range stored. */
    public List<ObjectNode> ranges() {
        synchronized (lock) {
            return store.ranges.values().stream().map(ObjectNode::deepCopy).toList();
        }
    }

    /** Requests answered since start, never cleared (the call log is bounded), for request-rate figures. */
    public long requestCount() {
        synchronized (lock) {
            return handled;
        }
    }

    /** The calls answered so far (the last 20000). */
    public List<Call> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** The next {@code count} requests of {@code method} to a path starting with {@code pathPrefix} answer status. */
    public void failNext(int count, String method, String pathPrefix, int status) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                faults.add(new Fault(method, pathPrefix, Kind.STATUS, status, null, null));
            }
        }
    }

    /**
     * The next {@code count} matching requests answer 429 with {@code Retry-After: <seconds>} (the real API documents
     * no rate limit; this is the generic case a client should survive).
     */
    public void throttleNext(int count, String method, String pathPrefix, int retryAfterSeconds) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                faults.add(new Fault(method, pathPrefix, Kind.STATUS, 429, null,
                    Integer.toString(retryAfterSeconds)));
            }
        }
    }

    /**
     * The next {@code count} requests of {@code method} (null: any) to a path starting with {@code pathPrefix} are
     * carried out at once and answered after {@code delay}.
     */
    public void delayNext(int count, String method, String pathPrefix, Duration delay) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                faults.add(new Fault(method, pathPrefix, Kind.DELAY, 0, delay, null));
            }
        }
    }

    /** The next matching requests are cut before they are carried out (nothing was done). */
    public void resetNext(int count, String method, String pathPrefix) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                faults.add(new Fault(method, pathPrefix, Kind.RESET, 0, null, null));
            }
        }
    }

    /** The next matching requests are carried out and answered with a body cut short. */
    public void truncateNext(int count, String method, String pathPrefix) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                faults.add(new Fault(method, pathPrefix, Kind.TRUNCATE, 0, null, null));
            }
        }
    }

    /** Armed faults no request has hit yet. */
    public int pendingFaults() {
        synchronized (lock) {
            return faults.size();
        }
    }

    /** Drops every armed fault. */
    public void clearFaults() {
        synchronized (lock) {
            faults.clear();
        }
    }

    /** The next matching request is carried out but its response is lost (the connection closes). */
    public void dropResponseOfNext(int count, String method, String pathPrefix) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                faults.add(new Fault(method, pathPrefix, Kind.DROP_AFTER, 0, null, null));
            }
        }
    }

    // ---------------------------------------------------------------- HTTP

    private MockResponse handle(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String method = request.getMethod();
        String path = url.encodedPath();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        Answer a;
        Fault fault;
        synchronized (lock) {
            fault = takeFault(method, path);
        }
        Kind kind = fault == null ? null : fault.kind;
        if (kind == Kind.RESET) {
            log(method, path, url, 0, null, body);
            // the request was read and not carried out; the socket closes before any answer
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        if (kind == Kind.STATUS) {
            a = Answer.error(fault.status, "Simulated failure");
            if (fault.retryAfter != null) {
                a = a.withHeader("Retry-After", fault.retryAfter);
            }
            log(method, path, url, a.status, null, body);
            return a.mock();
        }
        try {
            a = route(request, url, method, path, body);
        } catch (Answer.Failure f) {
            a = f.answer;
        } catch (RuntimeException e) {
            a = Answer.error(500, "Internal error: " + e);
        }
        log(method, path, url, a.status, a.user, body);
        if (kind == Kind.DELAY) {
            // the work is done; only the answer is late
            try {
                Thread.sleep(fault.delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kind == Kind.DROP_AFTER) {
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        if (kind == Kind.TRUNCATE && a.body != null && a.body.length > 1) {
            // Content-Length promises the whole body; the connection is shut after part of it
            return a.mockBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        return a.mock();
    }

    private Fault takeFault(String method, String path) {
        for (Fault f : faults) {
            if ((f.method == null || f.method.equalsIgnoreCase(method)) && path.startsWith(f.pathPrefix)
                && !path.equals(TOKEN_PATH)) {
                faults.remove(f);
                return f;
            }
        }
        return null;
    }

    private void log(String method, String path, HttpUrl url, int status, Long user, String body) {
        synchronized (lock) {
            handled++;
            calls.add(new Call(method, path, url, status, user, body.length() > 2000 ? body.substring(0, 2000)
                : body));
            if (calls.size() > 20_000) {
                calls.subList(0, 5_000).clear();
            }
        }
    }

    private Answer route(RecordedRequest request, HttpUrl url, String method, String path, String body)
        throws Answer.Failure {
        if (path.equals(TOKEN_PATH)) {
            if (!method.equals("POST")) {
                throw Answer.fail(405, "Method not allowed");
            }
            return token(request.getHeaders(), body);
        }
        if (!path.startsWith("/api/")) {
            throw Answer.fail(404, "Not found");
        }
        long user = authenticate(request);
        List<String> seg = List.of(path.substring("/api/".length()).split("/"));
        if (path.equals("/api/")) {
            return Answer.ok(resourceIndex()).as(user);
        }
        if (!path.endsWith("/")) {
            // Django's APPEND_SLASH
            return new Answer(301, null, Map.of("Location", path + "/" + (url.encodedQuery() == null ? ""
                : "?" + url.encodedQuery())), null).as(user);
        }
        String resource = seg.get(0);
        String detail = seg.size() > 1 ? seg.get(1) : null;
        synchronized (lock) {
            SimResources r = new SimResources(store, clock, maxValues, endInclusive, baseUrl(), writeRules);
            return r.handle(user, method, resource, detail, url, body).as(user);
        }
    }

    private ObjectNode resourceIndex() {
        ObjectNode o = JSON.createObjectNode();
        for (String name : SimResources.RESOURCES) {
            o.putObject(name).put("list_endpoint", "/api/" + name + "/").put("schema", "/api/" + name + "/schema/");
        }
        return o;
    }

    /** The caller's user id, from a bearer token or from a valid signature plus Basic login. */
    private long authenticate(RecordedRequest request) throws Answer.Failure {
        Headers h = request.getHeaders();
        String authz = h.get("Authorization");
        synchronized (lock) {
            if (authz != null && authz.startsWith("Bearer ")) {
                SimStore.Token t = store.tokens.get(authz.substring(7).trim());
                if (t == null || !t.expires().isAfter(clock.instant())) {
                    throw Answer.fail(401, "Invalid or expired access token.");
                }
                return t.user();
            }
            String key = h.get("X-HEXOAPIKEY");
            String ts = h.get("X-HEXOTIMESTAMP");
            String sig = h.get("X-HEXOAPISIGNATURE");
            if (key == null || ts == null || sig == null) {
                throw Answer.fail(401, "Authentication required: sign the request with an API key or use OAuth2.");
            }
            String secret = store.apiKeys.get(key);
            long seconds;
            try {
                seconds = Long.parseLong(ts.trim());
            } catch (NumberFormatException e) {
                throw Answer.fail(401, "API signature failed.");
            }
            String signedUrl = "http://" + h.get("Host") + request.getTarget();
            if (secret == null || Math.abs(clock.instant().getEpochSecond() - seconds) > SIGNATURE_SKEW.toSeconds()
                || !sha1(secret + ts.trim() + signedUrl).equalsIgnoreCase(sig.trim())) {
                throw Answer.fail(401, "API signature failed.");
            }
            if (authz == null || !authz.startsWith("Basic ")) {
                throw new Answer.Failure(new Answer(401, new byte[0], Map.of(), null));
            }
            String[] up = new String(Base64.getDecoder().decode(authz.substring(6).trim()), StandardCharsets.UTF_8)
                .split(":", 2);
            SimStore.User u = store.userByEmail(up[0]);
            if (u == null || up.length < 2 || !u.password.equals(up[1])) {
                // a bad login answers 401 with an empty body
                throw new Answer.Failure(new Answer(401, new byte[0], Map.of(), null));
            }
            return u.id;
        }
    }

    static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer token(Headers h, String body) throws Answer.Failure {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            form.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
        }
        String authz = h.get("Authorization");
        synchronized (lock) {
            SimStore.OAuthClient client = null;
            if (authz != null && authz.startsWith("Basic ")) {
                String[] up = new String(Base64.getDecoder().decode(authz.substring(6).trim()),
                    StandardCharsets.UTF_8).split(":", 2);
                client = store.clients.get(up[0]);
                if (client != null && (up.length < 2 || !client.secret().equals(up[1]))) {
                    client = null;
                }
            }
            if (client == null) {
                throw new Answer.Failure(Answer.json(401, JSON.createObjectNode().put("error", "invalid_client")));
            }
            String grant = form.getOrDefault("grant_type", "");
            SimStore.Token t;
            switch (grant) {
                case "password" -> {
                    SimStore.User u = store.userByEmail(form.getOrDefault("username", ""));
                    if (u == null || !u.password.equals(form.getOrDefault("password", "")) || u.id != client.owner()) {
                        throw new Answer.Failure(Answer.json(400, JSON.createObjectNode().put("error", "invalid_grant")
                            .put("error_description", "Invalid credentials given.")));
                    }
                    t = issue(u.id);
                }
                case "refresh_token" -> {
                    SimStore.Token old = store.refreshTokens.remove(form.getOrDefault("refresh_token", ""));
                    if (old == null) {
                        throw new Answer.Failure(Answer.json(400, JSON.createObjectNode().put("error", "invalid_grant")));
                    }
                    store.tokens.remove(old.access());
                    t = issue(old.user());
                }
                default -> throw new Answer.Failure(Answer.json(400, JSON.createObjectNode()
                    .put("error", "unsupported_grant_type")));
            }
            ObjectNode out = JSON.createObjectNode().put("access_token", t.access()).put("token_type", "Bearer")
                .put("expires_in", tokenLifetime.toSeconds()).put("refresh_token", t.refresh())
                .put("scope", "readwrite");
            return Answer.json(200, out);
        }
    }

    private SimStore.Token issue(long user) {
        SimStore.Token t = new SimStore.Token(UUID.randomUUID().toString().replace("-", ""),
            UUID.randomUUID().toString().replace("-", ""), user, clock.instant().plus(tokenLifetime));
        store.tokens.put(t.access(), t);
        store.refreshTokens.put(t.refresh(), t);
        return t;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** An HTTP answer. */
    static final class Answer {
        final int status;
        final byte[] body;
        final Map<String, String> headers;
        Long user;

        Answer(int status, byte[] body, Map<String, String> headers, Long user) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.user = user;
        }

        Answer as(long u) {
            this.user = u;
            return this;
        }

        static Answer ok(JsonNode body) {
            return json(200, body);
        }

        static Answer json(int status, JsonNode body) {
            try {
                return new Answer(status, JSON.writeValueAsBytes(body), Map.of(), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Answer error(int status, String message) {
            return json(status, JSON.createObjectNode().put("error", message));
        }

        static Failure fail(int status, String message) {
            return new Failure(error(status, message));
        }

        Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, body, h, user);
        }

        MockResponse mock() {
            return mockBuilder().build();
        }

        MockResponse.Builder mockBuilder() {
            MockResponse.Builder b = new MockResponse.Builder().code(status);
            if (body != null && body.length > 0) {
                b.setHeader("Content-Type", "application/json");
                b.body(new Buffer().write(body));
            }
            headers.forEach(b::setHeader);
            return b;
        }

        /** An answer thrown from deep inside a handler. */
        static final class Failure extends Exception {
            private static final long serialVersionUID = 1L;
            final transient Answer answer;

            Failure(Answer answer) {
                super(null, null, false, false);
                this.answer = answer;
            }
        }
    }
}
