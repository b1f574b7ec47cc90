package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.testkit.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongFunction;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;

/**
 * An in-process heedy server for tests, the quickstart and benchmarks: a real HTTP and websocket
 * server on 127.0.0.1 speaking heedy's wire protocol (protocols/heedy.md), quirks and error bodies
 * included, over an in-memory store.
 *
 * <p>Not simulated: PipeScript transforms (any non-empty {@code transform} is a 400),
 * users/sessions and {@code /auth/token}, sharing between users, plugins, {@code
 * /api/timeseries/dataset}, the server's idle websocket ping frames.
 */
public final class HeedySimulator implements AutoCloseable {
    /** The scope string of a full-access app. */
    public static final String FULL_SCOPES = "*";

    /**
     * The scope string of a read-only app: reads its own and its owner's objects, writes nothing.
     */
    public static final String READ_ONLY_SCOPES = "owner:read self.objects:read objects:read";

    private final MockWebServer server;
    private final SimDatabase db;
    private final EventHub events;
    private final HeedyApi api;
    private final HeedyDispatcher dispatcher;
    private final Faults faults = new Faults();
    private final List<LiveGenerator> generators = new CopyOnWriteArrayList<>();

    private HeedySimulator(int port) {
        this(port, null);
    }

    private HeedySimulator(int port, SSLSocketFactory https) {
        events = new EventHub();
        db = new SimDatabase(events);
        api = new HeedyApi(db);
        dispatcher = new HeedyDispatcher(api, faults);
        server = new MockWebServer();
        server.setDispatcher(dispatcher);
        dispatcher.attach(server);
        if (https != null) {
            server.useHttps(https);
            // the answers are framed for HTTP/1.1 (chunked bodies), so ALPN must not pick HTTP/2
            server.setProtocols(List.of(Protocol.HTTP_1_1));
        }
        try {
            server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            events.close();
            throw new UncheckedIOException("cannot start the heedy simulator on port " + port, e);
        }
    }

    /** Starts on an ephemeral port. */
    public static HeedySimulator start() {
        return new HeedySimulator(0);
    }

    /** Starts on the given port (0 = ephemeral). */
    public static HeedySimulator start(int port) {
        return new HeedySimulator(port);
    }

    /**
     * Starts on an ephemeral port serving https (and wss) with the given server certificate; {@link #baseUrl()} and
     * {@link #wsUrl()} still say http, so build the https URL from {@link #port()} and a name the certificate holds.
     */
    public static HeedySimulator startHttps(SSLSocketFactory serverCertificate) {
        return new HeedySimulator(0, serverCertificate);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** {@code ws://127.0.0.1:<port>/api/events}. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + server.getPort() + "/api/events";
    }

    // ---------------------------------------------------------------- apps / tokens

    /**
     * Creates an app for {@code owner} and returns its access token (20 characters of standard
     * base64).
     *
     * @param scopes heedy app scopes, space separated (e.g. {@code "self.objects objects:read"});
     *     null or blank means full access ({@link #FULL_SCOPES})
     */
    public String createApp(String owner, String scopes) {
        return db.createApp(owner, scopes == null || scopes.isBlank() ? FULL_SCOPES : scopes).token;
    }

    /**
     * Creates a full-access app, or a read-only one whose writes get 403 "Insufficient
     * permissions".
     */
    public String createApp(String owner, boolean readOnly) {
        return createApp(owner, readOnly ? READ_ONLY_SCOPES : FULL_SCOPES);
    }

    /** The id of the app holding {@code token}. */
    public String appId(String token) {
        return requireApp(token).id;
    }

    /** Enables or disables an app (a disabled app's token gets 401 app_disabled). */
    public void setAppEnabled(String token, boolean enabled) {
        requireApp(token).enabled = enabled;
    }

    private SimApp requireApp(String token) {
        SimApp app = db.appByToken(token);
        if (app == null) {
            throw new IllegalArgumentException("no app holds that token");
        }
        return app;
    }

    // ---------------------------------------------------------------- objects

    /**
     * Creates a timeseries object and returns its id (a UUID). Fires {@code object_create}.
     *
     * @param appIdOrNull the owning app's id, or null for an object of the user alone (then {@code
     *     key} must be null)
     * @param tags space-separated tags, or null
     * @param schemaOrNull JSON Schema for {@code d}; null means {@code {}} (no validation)
     */
    public String createTimeseries(
            String owner,
            String appIdOrNull,
            String name,
            String key,
            String tags,
            JsonNode schemaOrNull) {
        if (key != null && (key.isEmpty() || appIdOrNull == null)) {
            throw new IllegalArgumentException("a key must be non-empty and needs an app");
        }
        ObjectNode meta = SimObject.defaultMeta();
        if (schemaOrNull != null) {
            meta.set("schema", schemaOrNull);
        }
        return db.createObject(
                        "timeseries",
                        owner,
                        appIdOrNull,
                        name,
                        "",
                        key,
                        SimObject.splitTags(tags),
                        null,
                        meta,
                        null)
                .id;
    }

    /** Deletes an object and its data. Fires {@code object_delete}. */
    public void deleteObject(String id) {
        if (db.removeObject(id) == null) {
            throw new IllegalArgumentException("no object " + id);
        }
    }

    private SimObject requireObject(String id) {
        SimObject o = db.object(id);
        if (o == null) {
            throw new IllegalArgumentException("no object " + id);
        }
        return o;
    }

    // ---------------------------------------------------------------- data

    /**
     * Writes points like {@code POST .../timeseries?method=update} (ordering rules enforced, events
     * fired), without JSON-Schema validation.
     *
     * @throws IllegalArgumentException with heedy's error text when the points break heedy's
     *     ordering rules
     */
    public void insert(String objectId, List<Datapoint> points) {
        try {
            db.writeData(requireObject(objectId), points, "update", false);
        } catch (HeedyError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The stored points, sorted by t (a copy). */
    public List<Datapoint> data(String objectId) {
        return requireObject(objectId).data.snapshot();
    }

    public int length(String objectId) {
        return requireObject(objectId).data.length();
    }

    /**
     * Bulk-loads {@code count} points t = startT + k*step, d = k (a number); no checks, no events.
     */
    public void preload(String objectId, int count, double startT, double stepSeconds) {
        SimObject o = requireObject(objectId);
        List<Datapoint> batch = new ArrayList<>(Math.min(count, 65_536));
        for (int k = 0; k < count; k++) {
            batch.add(new Datapoint(startT + k * stepSeconds, 0, DoubleNode.valueOf(k)));
            if (batch.size() == 65_536) {
                o.data.load(batch);
                batch.clear();
            }
        }
        o.data.load(batch);
    }

    /**
     * Replaces an object's data with {@code count} points t = startT + k*step, d = k (a number), made on demand when
     * read instead of stored, so a series of millions costs no memory; reads go through the usual query and paging
     * code, so the answers are those of {@link #preload}. The series is read-only from then on (writes fail), and
     * no events fire.
     */
    public void generate(String objectId, long count, double startT, double stepSeconds) {
        requireObject(objectId).data.generate(new GeneratedSeries(count, startT, stepSeconds, DoubleNode::valueOf));
    }

    /** Appends a point (t = now, d = a sine wave) every period until the generator is closed. */
    public LiveGenerator live(String objectId, Duration every) {
        return live(
                objectId,
                every,
                n -> DoubleNode.valueOf(Math.round(Math.sin(n / 10.0) * 1000) / 1000.0));
    }

    /** Appends a point (t = now, d = values(n) for the n-th point) every period until closed. */
    public LiveGenerator live(String objectId, Duration every, LongFunction<JsonNode> values) {
        requireObject(objectId);
        LiveGenerator g = new LiveGenerator(this, objectId, every, values);
        generators.add(g);
        return g;
    }

    /**
     * The bounded log (latest {@value HeedyDispatcher#CALL_LOG_LIMIT}) of handled requests, oldest
     * first.
     */
    public List<RecordedCall> calls() {
        return dispatcher.calls();
    }

    /** Requests answered since start, never cleared (the call log is bounded), for request-rate figures. */
    public long requestCount() {
        return dispatcher.handled();
    }

    public void clearCalls() {
        dispatcher.clearCalls();
    }

    // ---------------------------------------------------------------- fault injection

    /**
     * The next {@code n} requests whose decoded path starts with {@code pathPrefixOrNull} (null =
     * any) answer {@code status} with a heedy-shaped error body and, if given, a {@code
     * Retry-After} header. Nothing is applied.
     */
    public void failNext(int n, int status, String retryAfterOrNull, String pathPrefixOrNull) {
        faults.add(
                new Faults.Rule(
                        Faults.Kind.FAIL, n, pathPrefixOrNull, status, retryAfterOrNull, null));
    }

    /** The next {@code n} matching requests are held for {@code delay} before being handled. */
    public void delayNext(int n, Duration delay, String pathPrefixOrNull) {
        faults.add(new Faults.Rule(Faults.Kind.DELAY, n, pathPrefixOrNull, 0, null, delay));
    }

    /**
     * The next {@code n} matching requests get their connection cut before any response; nothing is
     * applied.
     */
    public void resetConnectionNext(int n, String pathPrefixOrNull) {
        faults.add(new Faults.Rule(Faults.Kind.RESET, n, pathPrefixOrNull, 0, null, null));
    }

    /**
     * The next {@code n} matching requests are applied (a write is stored, events fire) and then
     * the connection is cut, so the client sees a failure. Note that OkHttp may retry such a
     * request on its own unless {@code retryOnConnectionFailure(false)}.
     */
    public void storeThenDropNext(int n, String pathPrefixOrNull) {
        faults.add(
                new Faults.Rule(Faults.Kind.STORE_THEN_DROP, n, pathPrefixOrNull, 0, null, null));
    }

    /**
     * The next {@code n} matching requests answer their normal status and headers, then half the
     * body, then a cut.
     */
    public void truncateNext(int n, String pathPrefixOrNull) {
        faults.add(new Faults.Rule(Faults.Kind.TRUNCATE, n, pathPrefixOrNull, 0, null, null));
    }

    /** How many armed fault uses no request has hit yet. */
    public int pendingFaults() {
        return faults.pending();
    }

    /** Forgets every armed fault. */
    public void clearFaults() {
        faults.clear();
    }

    /** Closes every open event websocket with 1011 (internal error), as heedy does on an error. */
    public void dropWebsockets() {
        events.dropAll("simulated connection drop");
    }

    /** Number of event websockets currently open. */
    public int openWebsockets() {
        return events.openSockets();
    }

    /** While true, events are not delivered (and never replayed). */
    public void dropEvents(boolean drop) {
        events.dropEvents(drop);
    }

    /** heedy sleeps 1 s before a 401; tests set 0. */
    public void setAuthFailureDelay(Duration d) {
        api.authFailureDelay(d);
    }

    /**
     * v0.5.1 mode: a time query with t2 leaks points t >= t2 from the first stored batch (protocol
     * §5.2).
     */
    public void setV051Mode(boolean on) {
        api.v051Mode(on);
    }

    @Override
    public void close() {
        for (LiveGenerator g : generators) {
            g.close();
        }
        events.close();
        try {
            server.close();
        } catch (RuntimeException | Error e) {
            // shutting down: the server may complain about lingering connections
        }
    }

    /**
     * Runs standalone: {@code [port]} (default 1324). Creates a demo app and three live timeseries,
     * prints the URL and the demo token, and serves until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1324;
        HeedySimulator sim = HeedySimulator.start(port);
        String token = sim.createApp("demo", (String) null);
        String app = sim.appId(token);
        String[] names = {"heart rate", "steps", "temperature"};
        String[] keys = {"heartrate", "steps", "temperature"};
        for (int k = 0; k < names.length; k++) {
            String id = sim.createTimeseries("demo", app, names[k], keys[k], "demo live", null);
            sim.live(id, Duration.ofSeconds(1));
            System.out.println("object " + id + " (" + names[k] + ")");
        }
        System.out.println("heedy simulator at " + sim.baseUrl());
        System.out.println("events websocket at " + sim.wsUrl());
        System.out.println("demo app token: " + token);
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        forever.await();
    }
}
