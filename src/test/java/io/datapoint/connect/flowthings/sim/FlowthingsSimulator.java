package io.datapoint.connect.flowthings.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.testkit.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import mockwebserver3.MockWebServer;

/**
 * An in-process flowthings.io server (REST API of both eras, {@code /v0.1/} with typed elems and {@code /v4.0/} with
 * plain ones, and the websocket session host) on 127.0.0.1, as shared/protocols/flowthings.md describes it: the
 * {head, body} envelope, 403 on bad REST credentials but 400 on a bad {@code POST /session}, find with filter,
 * sort, order, limit, start/skip and newest-first default, flow capacity eviction, fhash de-duplication, an optional
 * read-after-write delay, one-use sessions with subscribe, heartbeat and push, and fault injection.
 */
public final class FlowthingsSimulator implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What a create with an fhash the flow already processed answers (unknown for the real server). */
    public enum DuplicateFhash { REJECT_400, RETURN_EXISTING_200, SILENT_201 }

    private final MockWebServer server = new MockWebServer();
    private final SimDispatcher dispatcher;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, SimFlow> flows = new LinkedHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    final Set<SimSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger(0x100000);
    private final AtomicLong sessionsCreated = new AtomicLong();
    final List<FaultRule> faults = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService live = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flowthings-sim-live");
        t.setDaemon(true);
        return t;
    });
    volatile int defaultLimit = 20;
    volatile int maxLimit = 100;
    volatile long visibilityDelayMs;
    volatile boolean typedPush;
    volatile long idleTimeoutMs;
    volatile long maxBodyBytes = 1024 * 1024;
    volatile DuplicateFhash duplicateFhash = DuplicateFhash.REJECT_400;

    private FlowthingsSimulator() {
        dispatcher = new SimDispatcher(this);
        server.setDispatcher(dispatcher);
        dispatcher.attach(server);
        server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the flowthings simulator", e);
        }
        live.scheduleAtFixedRate(this::closeIdleSockets, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts on an ephemeral port. */
    public static FlowthingsSimulator start() {
        return new FlowthingsSimulator();
    }

    /** The REST base URL, {@code http://127.0.0.1:<port>} (the version and account follow in each path). */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The websocket host's base URL; {@code POST /session} and {@code /session/<id>/ws} live below it. */
    public String wsUrl() {
        return apiUrl();
    }

    // ---- accounts and flows

    /** Creates an account whose master token is {@code token}. */
    public void createAccount(String account, String token) {
        tokens.put(account, token);
    }

    String accountOf(String token) {
        if (token == null) {
            return null;
        }
        for (Map.Entry<String, String> e : tokens.entrySet()) {
            if (e.getValue().equals(token)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Creates a flow with the default capacity (1000); returns its id. */
    public String createFlow(String account, String path) {
        return createFlow(account, path, 1000);
    }

    /** Creates a flow; {@code path} must start with {@code /<account>/}. */
    public synchronized String createFlow(String account, String path, int capacity) {
        if (!path.startsWith("/" + account + "/") || path.length() > 128) {
            throw new IllegalArgumentException("a flow path starts with /" + account + "/ and has at most 128 chars");
        }
        String id = newId('f', System.currentTimeMillis());
        flows.put(id, new SimFlow(id, account, path, capacity, System.currentTimeMillis()));
        return id;
    }

    public synchronized void deleteFlow(String flowId) {
        flows.remove(flowId);
    }

    /** Sets a flow's admission filter: drops that do not match it are refused (400). */
    public synchronized void setFlowFilter(String flowId, String filter) {
        flow(flowId).filter = SimFilter.parse(filter);
    }

    public synchronized void setCapacity(String flowId, int capacity) {
        SimFlow f = flow(flowId);
        f.capacity = capacity;
        f.evict();
    }

    synchronized SimFlow flow(String flowId) {
        return flows.get(flowId);
    }

    synchronized SimFlow flowByPath(String path) {
        return flows.values().stream().filter(f -> f.path.equals(path)).findFirst().orElse(null);
    }

    synchronized List<SimFlow> flowsOf(String account) {
        return flows.values().stream().filter(f -> f.account.equals(account)).toList();
    }

    // ---- drops

    /** Creates a drop now, as a client would (pushes it to subscribers). */
    public ObjectNode insert(String flowId, JsonNode elems) {
        ObjectNode body = JSON.createObjectNode();
        body.set("elems", elems);
        return create(flow(flowId), body, System.currentTimeMillis()).drop();
    }

    /** Creates {@code count} drops with elems {@code {"i": n}}, all with the same creationDate; no push. */
    public synchronized List<String> preload(String flowId, int count, long creationDate) {
        SimFlow f = flow(flowId);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode body = JSON.createObjectNode();
            body.set("elems", JSON.createObjectNode().put("i", i));
            ids.add(store(f, body, creationDate, 0).get("id").asText());
        }
        return ids;
    }

    /** Creates {@code count} drops 1 ms apart starting at {@code firstCreationDate}; no push. */
    public synchronized List<String> preloadSpaced(String flowId, int count, long firstCreationDate) {
        SimFlow f = flow(flowId);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode body = JSON.createObjectNode();
            body.set("elems", JSON.createObjectNode().put("i", i));
            ids.add(store(f, body, firstCreationDate + i, 0).get("id").asText());
        }
        return ids;
    }

    record Created(ObjectNode drop, boolean duplicate) {
    }

    /** Admission, fhash de-duplication, storage with eviction, then push. */
    Created create(SimFlow f, ObjectNode body, long now) {
        ObjectNode drop;
        synchronized (this) {
            String fhash = body.path("fhash").asText(null);
            if (fhash != null && f.fhashes.containsKey(fhash)) {
                return new Created(f.fhashes.get(fhash), true);
            }
            drop = store(f, body, now, visibilityDelayMs);
            if (fhash != null) {
                f.fhashes.put(fhash, drop);
            }
        }
        for (SimSocket s : sockets) {
            s.push(f.id, drop);
        }
        return new Created(drop, false);
    }

    private ObjectNode store(SimFlow f, ObjectNode body, long creationDate, long visibilityDelay) {
        ObjectNode drop = JSON.createObjectNode();
        drop.put("id", newId('d', creationDate));
        drop.put("flowId", f.id);
        drop.put("path", f.path);
        drop.put("creationDate", creationDate);
        drop.put("lastEditDate", creationDate);
        drop.put("version", 0);
        drop.set("elems", Typed.plain(body.path("elems").isMissingNode() ? JSON.createObjectNode()
            : body.get("elems")));
        if (body.has("location")) {
            drop.set("location", body.get("location"));
        }
        if (body.has("fhash")) {
            drop.set("fhash", body.get("fhash"));
        }
        f.created.add(drop.get("id").asText());
        if (f.capacity > 0) {
            f.add(new SimDrop(drop, creationDate, System.currentTimeMillis() + visibilityDelay));
            f.evict();
        }
        return drop;
    }

    private String newId(char prefix, long millis) {
        return prefix + String.format("%08x%s%06x", millis / 1000, "5eed010f1a", counter.incrementAndGet() & 0xffffff);
    }

    /** The drops stored in a flow now, oldest first. */
    public synchronized List<ObjectNode> drops(String flowId) {
        return flow(flowId).byId.values().stream().map(SimDrop::json).toList();
    }

    /** How many drops a flow stores now (cheap: no list is built). */
    public synchronized int count(String flowId) {
        return flow(flowId).byId.size();
    }

    /** A stored drop by id, or null. */
    synchronized ObjectNode drop(SimFlow f, String dropId) {
        SimDrop d = f.byId.get(dropId);
        return d == null ? null : d.json();
    }

    /** The ids of every drop ever created in a flow, evicted ones included, in creation order. */
    public synchronized List<String> created(String flowId) {
        return List.copyOf(flow(flowId).created);
    }

    /**
     * Finds like {@code GET /drop/{flowId}} does (visibility delay applied): filter, stable sort (ties keep their
     * insertion order, in either direction), then {@code start} and {@code limit}. Sorted by creationDate it walks
     * the flow's creationDate index from {@code floor} (the filter's lower bound on creationDate, if it has one)
     * and stops once the page is full, so paging a large flow costs the page, not the flow.
     */
    synchronized List<ObjectNode> find(SimFlow f, Predicate<JsonNode> filter, long floor, String sort, boolean asc,
                                       int start, int limit) {
        long now = System.currentTimeMillis();
        List<ObjectNode> out = new ArrayList<>();
        if (sort.equals("creationDate")) {
            Collection<ArrayDeque<SimDrop>> buckets = asc ? f.byDate.tailMap(floor, true).values()
                : f.byDate.tailMap(floor, true).descendingMap().values();
            int skipped = 0;
            for (ArrayDeque<SimDrop> bucket : buckets) {
                for (SimDrop d : bucket) {
                    if (d.visibleAt() <= now && filter.test(d.json())) {
                        if (skipped < start) {
                            skipped++;
                        } else if (out.size() < limit) {
                            out.add(d.json());
                        } else {
                            return out;
                        }
                    }
                }
            }
            return out;
        }
        List<SimDrop> visible = new ArrayList<>();
        for (SimDrop d : f.byId.values()) {
            if (d.visibleAt() <= now && filter.test(d.json())) {
                visible.add(d);
            }
        }
        Comparator<SimDrop> c = Comparator.comparingLong(d -> d.json().path(sort).asLong());
        if (sort.equals("id") || sort.equals("path")) {
            c = Comparator.comparing(d -> d.json().path(sort).asText());
        }
        visible.sort(asc ? c : c.reversed());
        for (int i = start; i < visible.size() && out.size() < limit; i++) {
            out.add(visible.get(i).json());
        }
        return out;
    }

    // ---- websocket sessions

    String newSession(String account) {
        String sid = UUID.randomUUID().toString().replace("-", "");
        sessions.put(sid, account);
        sessionsCreated.incrementAndGet();
        return sid;
    }

    /** Consumes a session id: a session is used for one connection. */
    String takeSession(String sid) {
        return sessions.remove(sid);
    }

    /** Sessions created so far with {@code POST /session}. */
    public long sessionsCreated() {
        return sessionsCreated.get();
    }

    /** Websockets open now. */
    public int openWebsockets() {
        return (int) sockets.stream().filter(SimSocket::open).count();
    }

    /** Subscriptions on open websockets. */
    public int subscriptions() {
        return sockets.stream().filter(SimSocket::open).mapToInt(SimSocket::subscriptionCount).sum();
    }

    /** Open websockets subscribed to this flow. */
    public int subscriptions(String flowId) {
        return (int) sockets.stream().filter(s -> s.open() && s.subscribedTo(flowId)).count();
    }

    /** Cuts every open websocket (pushes made while a client is away are lost to it). */
    public void dropWebsockets() {
        for (SimSocket s : sockets) {
            s.cut();
        }
    }

    private void closeIdleSockets() {
        long idle = idleTimeoutMs;
        if (idle > 0) {
            long now = System.currentTimeMillis();
            for (SimSocket s : sockets) {
                if (now - s.lastHeard() > idle) {
                    s.cut();
                }
            }
        }
    }

    // ---- knobs

    /** Drops become visible to {@code find} this long after their creation (pushes are immediate). */
    public void setVisibilityDelay(long millis) {
        visibilityDelayMs = millis;
    }

    public void setLimits(int defaultLimit, int maxLimit) {
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /** Pushes typed elems ({type, value}) as the v0.1-era server did. */
    public void setTypedPush(boolean typed) {
        typedPush = typed;
    }

    /** Closes a websocket that sent nothing (no heartbeat) for this long; 0 = never. */
    public void setIdleTimeout(long millis) {
        idleTimeoutMs = millis;
    }

    /** Request bodies larger than this answer 413. */
    public void setMaxBodyBytes(long bytes) {
        maxBodyBytes = bytes;
    }

    public void setDuplicateFhash(DuplicateFhash mode) {
        duplicateFhash = mode;
    }

    /** The next {@code count} requests whose path contains {@code pathPart} answer {@code status}. */
    public void failNext(String method, String pathPart, int count, int status, String retryAfter) {
        faults.add(new FaultRule(FaultRule.Kind.FAIL, method, pathPart, count, status, retryAfter));
    }

    /** The next {@code count} matching requests are cut before any answer (nothing happens on the server). */
    public void resetNext(String method, String pathPart, int count) {
        faults.add(new FaultRule(FaultRule.Kind.RESET, method, pathPart, count, 0, null));
    }

    /** The next {@code count} matching requests are carried out, then the connection is cut: the answer is lost. */
    public void storeThenDropNext(String method, String pathPart, int count) {
        faults.add(new FaultRule(FaultRule.Kind.STORE_THEN_DROP, method, pathPart, count, 0, null));
    }

    /**
     * The next {@code count} matching requests are carried out and answered with their status and headers, but the
     * connection is cut in the middle of the body.
     */
    public void truncateNext(String method, String pathPart, int count) {
        faults.add(new FaultRule(FaultRule.Kind.TRUNCATE, method, pathPart, count, 0, null));
    }

    /** The next {@code count} matching requests wait {@code delayMs} before being handled. */
    public void delayNext(String method, String pathPart, int count, long delayMs) {
        faults.add(new FaultRule(FaultRule.Kind.DELAY, method, pathPart, count, (int) delayMs, null));
    }

    /** How many armed fault uses no request has hit yet. */
    public int pendingFaults() {
        return faults.stream().mapToInt(r -> Math.max(0, r.left().get())).sum();
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Requests handled so far, as "METHOD path?query". */
    public List<String> calls() {
        return dispatcher.calls();
    }

    /** Requests answered since start, never cleared (the call log is bounded), for request-rate figures. */
    public long requestCount() {
        return dispatcher.handled();
    }

    /** Creates a drop in each flow every {@code periodMs} (the quickstart's live data). */
    public void startLiveData(Collection<String> flowIds, long periodMs) {
        AtomicLong n = new AtomicLong();
        live.scheduleAtFixedRate(() -> {
            for (String id : flowIds) {
                if (flow(id) != null) {
                    insert(id, JSON.createObjectNode().put("n", n.incrementAndGet())
                        .put("temperature", Math.round((20 + 5 * Math.sin(n.get() / 10.0)) * 100) / 100.0));
                }
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        live.shutdownNow();
        dropWebsockets();
        server.close();
    }

    // ---- model

    static final class SimFlow {
        final String id;
        final String account;
        final String path;
        final long creationDate;
        volatile int capacity;
        volatile Predicate<JsonNode> filter;
        /** The stored drops in insertion order, by id. */
        final Map<String, SimDrop> byId = new LinkedHashMap<>();
        /** The same drops by creationDate, each millisecond's in insertion order. */
        final TreeMap<Long, ArrayDeque<SimDrop>> byDate = new TreeMap<>();
        final Map<String, ObjectNode> fhashes = new LinkedHashMap<>();
        final List<String> created = new ArrayList<>();

        SimFlow(String id, String account, String path, int capacity, long creationDate) {
            this.id = id;
            this.account = account;
            this.path = path;
            this.capacity = capacity;
            this.creationDate = creationDate;
        }

        /** Deletes the oldest drops (by creationDate, then insertion) beyond capacity. */
        void evict() {
            while (byId.size() > capacity) {
                Map.Entry<Long, ArrayDeque<SimDrop>> oldest = byDate.firstEntry();
                byId.remove(oldest.getValue().pollFirst().json().get("id").asText());
                if (oldest.getValue().isEmpty()) {
                    byDate.remove(oldest.getKey());
                }
            }
        }

        void add(SimDrop d) {
            byId.put(d.json().get("id").asText(), d);
            byDate.computeIfAbsent(d.creationDate(), k -> new ArrayDeque<>()).addLast(d);
        }

        ObjectNode json() {
            ObjectNode o = JSON.createObjectNode();
            o.put("id", id);
            o.put("path", path);
            o.put("capacity", capacity);
            o.put("creationDate", creationDate);
            o.put("lastEditDate", creationDate);
            o.put("creatorId", "i5eed00000000000000000001");
            return o;
        }
    }

    record SimDrop(ObjectNode json, long creationDate, long visibleAt) {
    }

    record FaultRule(Kind kind, String method, String pathPart, AtomicInteger left, int status, String retryAfter) {
        enum Kind { FAIL, RESET, STORE_THEN_DROP, DELAY, TRUNCATE }

        FaultRule(Kind kind, String method, String pathPart, int count, int status, String retryAfter) {
            this(kind, method, pathPart, new AtomicInteger(count), status, retryAfter);
        }

        boolean matches(String m, String path) {
            return (method == null || method.equalsIgnoreCase(m)) && path.contains(pathPart);
        }
    }

    /** Typed elems of the v0.1 era. */
    static final class Typed {
        private static final Set<String> NAMES = Set.of("string", "integer", "long", "float", "boolean", "date",
            "bytes", "map", "sortedMap", "list", "set", "sortedSet", "location", "length", "duration", "text",
            "media", "dropRef", "email", "id", "url");

        private Typed() {
        }

        /** Unwraps typed input ({type, value}) recursively; plain input stays as it is. */
        static JsonNode plain(JsonNode n) {
            if (n.isObject() && n.size() == 2 && n.has("type") && n.has("value")
                && NAMES.contains(n.get("type").asText())) {
                return plain(n.get("value"));
            }
            if (n.isObject()) {
                ObjectNode o = JSON.createObjectNode();
                n.fields().forEachRemaining(e -> o.set(e.getKey(), plain(e.getValue())));
                return o;
            }
            if (n.isArray()) {
                ArrayNode a = JSON.createArrayNode();
                n.forEach(x -> a.add(plain(x)));
                return a;
            }
            return n;
        }

        /** Wraps every element as {type, value}, inferring the type from the JSON value. */
        static JsonNode typed(JsonNode n) {
            ObjectNode t = JSON.createObjectNode();
            if (n.isObject()) {
                ObjectNode v = JSON.createObjectNode();
                n.fields().forEachRemaining(e -> v.set(e.getKey(), typed(e.getValue())));
                return t.put("type", "map").set("value", v);
            }
            if (n.isArray()) {
                ArrayNode a = JSON.createArrayNode();
                n.forEach(x -> a.add(typed(x)));
                return t.put("type", "list").set("value", a);
            }
            String type = n.isIntegralNumber() ? (n.canConvertToInt() ? "integer" : "long")
                : n.isNumber() ? "float" : n.isBoolean() ? "boolean" : "string";
            return t.put("type", type).set("value", n);
        }

        /** A drop with its elems map typed member by member. */
        static ObjectNode typedDrop(ObjectNode drop) {
            ObjectNode copy = drop.deepCopy();
            ObjectNode elems = JsonNodeFactory.instance.objectNode();
            drop.path("elems").fields().forEachRemaining(e -> elems.set(e.getKey(), typed(e.getValue())));
            copy.set("elems", elems);
            return copy;
        }
    }

    /** The registry of open sockets, kept by the sockets themselves. */
    void register(SimSocket s) {
        sockets.add(s);
    }

    void unregister(SimSocket s) {
        sockets.remove(s);
    }
}
