package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.testkit.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockWebServer;

/**
 * An in-process ConnectorDB 0.3 server on 127.0.0.1 for tests, the quickstart and benchmarks. It speaks the wire
 * protocol of {@code shared/protocols/connectordb.md} (REST under {@code /api/v1} and the websocket) over an
 * in-memory store, and adds ground truth ({@link #data}, {@link #calls}), fault injection, bulk preload and live
 * data. Thread-safe.
 *
 * <p>Not simulated: merge/dataset queries, Atom feeds, PipeScript beyond {@code ""} and {@code "if last"}, size
 * quotas, the 503 "disabled" mode and the NATS slow-consumer drops.
 */
public final class ConnectorDbSimulator implements AutoCloseable {
    /** Request bodies longer than this are cut in {@link RecordedCall#body()}. */
    public static final int LOGGED_BODY_CHARS = 8192;
    /** How many calls {@link #calls()} keeps; older ones fall off. */
    public static final int CALL_LOG_CAPACITY = 5000;

    private final MockWebServer server = new MockWebServer();
    private final Registry registry = new Registry();
    private final Access access = new Access(registry);
    private final Authenticator auth = new Authenticator(registry);
    private final CallLog log = new CallLog(CALL_LOG_CAPACITY);
    private final WebsocketHub hub = new WebsocketHub(registry, access, log);
    private final DataService dataService = new DataService(registry, access, hub, ConnectorDbSimulator::now);
    private final FaultPlan faults = new FaultPlan();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdbsim-live");
        t.setDaemon(true);
        return t;
    });
    private final List<ScheduledFuture<?>> liveTasks = new ArrayList<>();

    private ConnectorDbSimulator() {
        hub.dataService(dataService);
        SimDispatcher dispatcher = new SimDispatcher(new RestApi(registry, access, auth, dataService), hub, faults, log);
        dispatcher.server(server);
        server.setDispatcher(dispatcher);
    }

    /** Starts on an ephemeral port. */
    public static ConnectorDbSimulator start() {
        return start(0);
    }

    /** Starts on {@code port} (0 = ephemeral), bound to 127.0.0.1. */
    public static ConnectorDbSimulator start(int port) {
        ConnectorDbSimulator sim = new ConnectorDbSimulator();
        try {
            sim.server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
            sim.server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sim;
    }

    public int port() {
        return server.getPort();
    }

    /** {@code http://127.0.0.1:<port>}; the API lives under {@code /api/v1/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code ws://127.0.0.1:<port>/api/v1/websocket}. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port() + "/api/v1/websocket";
    }

    // ---- objects ----------------------------------------------------------------------------------------------

    /** Creates a user (email {@code <user>@example.com}) with its {@code user} and {@code meta} devices. */
    public void createUser(String user, String password) {
        call(() -> registry.createUser(user, user + "@example.com", password));
    }

    /** Creates a device with role {@code none} and returns its API key. */
    public String createDevice(String user, String device) {
        return call(() -> registry.createDevice(user, device, "none")).apiKey();
    }

    /** Sets a device's permission role: {@code none}, {@code reader}, {@code writer}, {@code user} or {@code admin}. */
    public void setDeviceRole(String devicePath, String role) {
        device(devicePath).role(role);
    }

    /** The API key of {@code user/device}. */
    public String apiKey(String devicePath) {
        return device(devicePath).apiKey();
    }

    /** The API key of the user's {@code <user>/user} device (role {@code user}). */
    public String userApiKey(String user) {
        return apiKey(user + "/user");
    }

    public void createStream(String path, JsonNode schema, boolean downlink) {
        createStream(path, schema, downlink, false);
    }

    /** Creates {@code user/device/stream}; {@code schema} is the JSON Schema as JSON (null = accept anything). */
    public void createStream(String path, JsonNode schema, boolean downlink, boolean ephemeral) {
        String[] p = streamPath(path);
        ObjectNode fields = GoJson.MAPPER.createObjectNode();
        fields.put("schema", call(() -> StreamSchema.of(schema)).text());
        fields.put("downlink", downlink);
        fields.put("ephemeral", ephemeral);
        call(() -> registry.createStream(p[0], p[1], p[2], s -> s.update(fields)));
    }

    /** Deletes the stream; a later stream with the same path starts again at index 0. */
    public void deleteStream(String path) {
        String[] p = streamPath(path);
        call(() -> {
            registry.deleteStream(p[0], p[1], p[2]);
            return null;
        });
    }

    // ---- data -------------------------------------------------------------------------------------------------

    /**
     * Inserts as the owning device, exactly like its {@code POST .../data}: zero {@code t} becomes now, schema and
     * order are checked, older timestamps are refused, subscribers are notified.
     *
     * @throws IllegalStateException with the server's message when the server would answer 403
     */
    public void insert(String path, List<Datapoint> points) {
        insert(path, points, false);
    }

    /** Like {@link #insert(String, List)}; {@code restamp=true} behaves like {@code PUT .../data}. */
    public void insert(String path, List<Datapoint> points, boolean restamp) {
        String[] p = streamPath(path);
        call(() -> {
            dataService.insert(new Actor(p[0], p[1]), p[0], p[1], p[2], points, restamp);
            return null;
        });
    }

    /**
     * Writes commands into {@code path/downlink} as a non-owner would; {@code o} is each point's {@code o} or
     * {@code <user>/user}. Subscribers of {@code path/downlink} are notified.
     */
    public void insertDownlink(String path, List<Datapoint> points) {
        String[] p = streamPath(path);
        SimStream s = call(() -> registry.requireStream(p[0], p[1], p[2]));
        if (!s.downlink()) {
            throw new IllegalStateException("Stream " + path + " is not a downlink stream");
        }
        String defaultOrigin = p[0] + "/user";
        List<String> origins = points.stream().map(d -> d.o() == null ? defaultOrigin : d.o()).distinct().toList();
        call(() -> {
            if (origins.size() <= 1) {
                dataService.insertInto(s, true, points, origins.isEmpty() ? defaultOrigin : origins.get(0), false);
            } else {
                for (Datapoint d : points) {
                    dataService.insertInto(s, true, List.of(d), d.o() == null ? defaultOrigin : d.o(), false);
                }
            }
            return null;
        });
    }

    /** A copy of what the stream stores, in index order. */
    public List<Datapoint> data(String path) {
        return stream(path).data.snapshot();
    }

    /** A copy of the stream's downlink substream. */
    public List<Datapoint> downlinkData(String path) {
        return stream(path).downlinkData.snapshot();
    }

    /**
     * Appends {@code count} schema-fitting points at {@code startT + i * stepSeconds} without notifying anyone;
     * for benchmarks. Refused (IllegalStateException) if {@code startT} is older than the stream's end.
     */
    public void preload(String path, int count, double startT, double stepSeconds) {
        SimStream s = stream(path);
        JsonNode schema = s.schema().node();
        long base = s.data.length();
        List<Datapoint> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(new Datapoint(startT + i * stepSeconds, ValueGenerator.value(schema, base + i), null));
        }
        call(() -> s.data.append(batch, false));
    }

    /** Inserts one schema-fitting point stamped now every {@code every}, as the owner; close to stop. */
    public AutoCloseable live(String path, Duration every) {
        stream(path);
        AtomicLong n = new AtomicLong();
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
            try {
                SimStream s = stream(path);
                insert(path, List.of(new Datapoint(now(), ValueGenerator.value(s.schema().node(), n.getAndIncrement()), null)));
            } catch (RuntimeException e) {
                // stream deleted or refused: keep trying, the stream may come back
            }
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
        synchronized (liveTasks) {
            liveTasks.add(task);
        }
        return () -> task.cancel(false);
    }

    // ---- observation and faults -------------------------------------------------------------------------------

    /** The last {@value #CALL_LOG_CAPACITY} requests and websocket messages, oldest first. */
    public List<RecordedCall> calls() {
        return log.snapshot();
    }

    /** Requests answered since start, never cleared (the call log is bounded), for request-rate figures. */
    public long requestCount() {
        return log.handled();
    }

    public void clearCalls() {
        log.clear();
    }

    /**
     * The next {@code n} requests whose path starts with {@code pathPrefixOrNull} (an absolute path such as
     * {@code /api/v1/crud/u/d/s/data}, or {@code u/d/s...} relative to {@code /api/v1/crud/}; null = any) are
     * answered with {@code status}, the error envelope and, if given, {@code Retry-After}. Nothing is processed.
     */
    public void failNext(int n, int status, String retryAfterOrNull, String pathPrefixOrNull) {
        faults.arm(n, new FaultPlan.Fault(FaultPlan.Kind.FAIL, status, retryAfterOrNull, null, pathPrefixOrNull));
    }

    /** Like {@link #failNext(int, int, String, String)}, for requests with this HTTP method only. */
    public void failNext(int n, int status, String retryAfterOrNull, String pathPrefixOrNull, String method) {
        faults.arm(n, new FaultPlan.Fault(FaultPlan.Kind.FAIL, status, retryAfterOrNull, null, pathPrefixOrNull,
                method));
    }

    /** The next {@code n} matching requests wait {@code delay} before they are processed. */
    public void delayNext(int n, Duration delay, String pathPrefixOrNull) {
        faults.arm(n, new FaultPlan.Fault(FaultPlan.Kind.DELAY, 0, null, delay, pathPrefixOrNull));
    }

    /** The next {@code n} matching requests are read, not processed, and the connection is closed unanswered. */
    public void resetConnectionNext(int n, String pathPrefixOrNull) {
        faults.arm(n, new FaultPlan.Fault(FaultPlan.Kind.RESET, 0, null, null, pathPrefixOrNull));
    }

    /** The next {@code n} matching requests are processed (a write lands), then the connection is cut unanswered. */
    public void storeThenDropNext(int n, String pathPrefixOrNull) {
        faults.arm(n, new FaultPlan.Fault(FaultPlan.Kind.STORE_THEN_DROP, 0, null, null, pathPrefixOrNull));
    }

    /** Like {@link #storeThenDropNext(int, String)}, for requests with this HTTP method only. */
    public void storeThenDropNext(int n, String pathPrefixOrNull, String method) {
        faults.arm(n, new FaultPlan.Fault(FaultPlan.Kind.STORE_THEN_DROP, 0, null, null, pathPrefixOrNull, method));
    }

    /**
     * The next {@code n} matching requests are processed and answered with their status and headers, but the
     * connection is cut in the middle of the body (Content-Length promises more).
     */
    public void truncateNext(int n, String pathPrefixOrNull) {
        faults.arm(n, new FaultPlan.Fault(FaultPlan.Kind.TRUNCATE, 0, null, null, pathPrefixOrNull));
    }

    /** How many armed fault uses no request has hit yet. */
    public int pendingFaults() {
        return faults.pending();
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Cuts every open websocket (no close frame); nothing is replayed, as with the real server. */
    public void dropWebsockets() {
        hub.dropAll();
    }

    public int openWebsockets() {
        return hub.openSessions();
    }

    /** Server ping period for websockets opened from now on (default 54 s); a missed pong closes the socket. */
    public void setWebsocketPingInterval(Duration every) {
        hub.pingInterval(every);
    }

    /** Delay before a 401 for a bad credential (default 300 ms). */
    public void setFailedLoginDelay(Duration delay) {
        auth.failedLoginDelay(delay);
    }

    @Override
    public void close() {
        synchronized (liveTasks) {
            liveTasks.forEach(t -> t.cancel(false));
        }
        scheduler.shutdownNow();
        hub.dropAll();
        server.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private SimStream stream(String path) {
        String[] p = streamPath(path);
        return call(() -> registry.requireStream(p[0], p[1], p[2]));
    }

    private SimDevice device(String devicePath) {
        String[] p = devicePath.split("/", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("Expected user/device: " + devicePath);
        }
        return call(() -> registry.requireDevice(p[0], p[1]));
    }

    private static String[] streamPath(String path) {
        String[] p = path.split("/", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("Expected user/device/stream: " + path);
        }
        return p;
    }

    /** Turns the package's SimError into a public exception type. */
    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (SimError e) {
            throw e.status() == 400 ? new IllegalArgumentException(e.getMessage())
                    : new IllegalStateException(e.getMessage());
        }
    }

    /**
     * Standalone demo: {@code [port]} (default 3124). Creates user {@code demo} (password {@code demo}) with device
     * {@code demo/sensor} and streams {@code temperature} (number, live every second), {@code status} (string,
     * live every 5 s) and {@code switch} (boolean, downlink); prints the URLs and the demo API keys.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3124;
        ConnectorDbSimulator sim = start(port);
        sim.createUser("demo", "demo");
        String key = sim.createDevice("demo", "sensor");
        sim.createStream("demo/sensor/temperature", GoJson.MAPPER.createObjectNode().put("type", "number"), false);
        sim.createStream("demo/sensor/status", GoJson.MAPPER.createObjectNode().put("type", "string"), false);
        sim.createStream("demo/sensor/switch", GoJson.MAPPER.createObjectNode().put("type", "boolean"), true);
        sim.preload("demo/sensor/temperature", 600, now() - 600, 1.0);
        sim.live("demo/sensor/temperature", Duration.ofSeconds(1));
        sim.live("demo/sensor/status", Duration.ofSeconds(5));
        // A demo tool: printing the fake demo keys is its purpose.
        System.out.println("ConnectorDB simulator on " + sim.baseUrl() + "/api/v1/");
        System.out.println("websocket: " + sim.wsUrl());
        System.out.println("user demo, password demo; user device key: " + sim.userApiKey("demo"));
        System.out.println("device demo/sensor key: " + key);
        System.out.println("streams: demo/sensor/temperature (live 1 s), demo/sensor/status (live 5 s), "
                + "demo/sensor/switch (downlink)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }));
        stop.await();
    }
}
