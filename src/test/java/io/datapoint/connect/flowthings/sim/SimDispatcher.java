package io.datapoint.connect.flowthings.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator.Created;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator.FaultRule;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator.SimFlow;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator.Typed;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.GzipSource;
import okio.Okio;

/** Routes the simulator's HTTP requests: faults first, then the REST API, the session endpoint or the upgrade. */
final class SimDispatcher extends Dispatcher {

    private static final int CALL_LOG_LIMIT = 20_000;
    private final FlowthingsSimulator sim;
    private final Deque<String> calls = new ArrayDeque<>();
    private final AtomicLong handled = new AtomicLong();
    private volatile MockWebServer server;

    SimDispatcher(FlowthingsSimulator sim) {
        this.sim = sim;
    }

    long handled() {
        return handled.get();
    }

    List<String> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        drain(request);
        String method = request.getMethod().toUpperCase();
        HttpUrl url = request.getUrl();
        String path = "/" + String.join("/", url.pathSegments());
        log(method + " " + path + (url.encodedQuery() == null ? "" : "?" + url.query()));
        FaultRule fault = takeFault(method, path);
        if (fault != null && fault.kind() == FaultRule.Kind.DELAY) {
            Thread.sleep(fault.status());
            fault = takeFault(method, path);
        }
        if (fault != null && fault.kind() == FaultRule.Kind.FAIL) {
            MockResponse.Builder b = answer(fault.status(), null, "simulated failure");
            if (fault.retryAfter() != null) {
                b.setHeader("Retry-After", fault.retryAfter());
            }
            return b.build();
        }
        if (fault != null && fault.kind() == FaultRule.Kind.RESET) {
            return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        if (request.getBody() != null && request.getBody().size() > sim.maxBodyBytes) {
            return answer(413, null, "Request entity too large").build();
        }
        MockResponse response;
        try {
            response = route(method, url, request.getHeaders(), body(request));
        } catch (IllegalArgumentException e) {
            response = answer(400, null, e.getMessage()).build();
        }
        if (fault != null && fault.kind() == FaultRule.Kind.STORE_THEN_DROP) {
            return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        if (fault != null && fault.kind() == FaultRule.Kind.TRUNCATE) {
            return response.newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        return response;
    }

    private FaultRule takeFault(String method, String path) {
        for (FaultRule r : sim.faults) {
            if (r.matches(method, path) && r.left().getAndDecrement() > 0) {
                return r;
            }
        }
        return null;
    }

    private MockResponse route(String method, HttpUrl url, Headers headers, JsonNode body) {
        List<String> seg = url.pathSegments();
        if (seg.size() == 1 && seg.get(0).equals("session")) {
            if (!method.equals("POST")) {
                return answer(404, null, "The requested resource could not be located at this address.").build();
            }
            String account = headers.get("X-Auth-Account");
            String token = headers.get("X-Auth-Token");
            // the observed quirk: bad session credentials answer 400, not 403
            if (account == null || token == null || !account.equals(sim.accountOf(token))) {
                return answer(400, null, "Invalid credentials").build();
            }
            ObjectNode b = FlowthingsSimulator.JSON.createObjectNode().put("id", sim.newSession(account));
            return answer(201, b, null).build();
        }
        if (seg.size() == 3 && seg.get(0).equals("session") && seg.get(2).equals("ws")) {
            String account = sim.takeSession(seg.get(1));
            if (account == null || headers.get("Upgrade") == null) {
                return answer(404, null, "Unknown session").build();
            }
            return new MockResponse.Builder().webSocketUpgrade(new SimSocket(sim, account)).build();
        }
        if (seg.size() < 3 || !(seg.get(0).equals("v0.1") || seg.get(0).equals("v4.0"))) {
            return answer(404, null, "The requested resource could not be located at this address.").build();
        }
        boolean typedEra = seg.get(0).equals("v0.1");
        String account = seg.get(1);
        String owner = sim.accountOf(headers.get("X-Auth-Token"));
        if (owner == null || !owner.equals(account)) {
            return answer(403, null, "You do not have the permission to access this resource.").build();
        }
        String hints = url.queryParameter("hints");
        boolean typedOut = typedEra && !("0".equals(hints) || "false".equalsIgnoreCase(hints));
        return switch (seg.get(2)) {
            case "flow" -> flow(method, account, seg, url);
            case "drop" -> drop(method, account, seg, url, body, typedOut);
            default -> answer(404, null, "The requested resource could not be located at this address.").build();
        };
    }

    private MockResponse flow(String method, String account, List<String> seg, HttpUrl url) {
        if (method.equals("GET") && seg.size() == 4) {
            SimFlow f = sim.flow(seg.get(3));
            if (f == null || !f.account.equals(account)) {
                return notFound();
            }
            return answer(200, f.json(), null).build();
        }
        if (method.equals("GET") && seg.size() == 3) {
            Predicate<JsonNode> filter = SimFilter.parse(url.queryParameter("filter"));
            List<ObjectNode> all = new ArrayList<>();
            for (SimFlow f : sim.flowsOf(account)) {
                all.add(f.json());
            }
            all.sort((a, b) -> Long.compare(b.path("creationDate").asLong(), a.path("creationDate").asLong()));
            int start = intParam(url, "start", intParam(url, "skip", 0));
            int limit = Math.min(intParam(url, "limit", sim.defaultLimit), sim.maxLimit);
            ArrayNode out = FlowthingsSimulator.JSON.createArrayNode();
            int seen = 0;
            for (ObjectNode f : all) {
                if (filter.test(f) && seen++ >= start && out.size() < limit) {
                    out.add(f);
                }
            }
            return answer(200, out, null).build();
        }
        return answer(405, null, "Method not supported by the simulator").build();
    }

    private MockResponse drop(String method, String account, List<String> seg, HttpUrl url, JsonNode body,
                              boolean typedOut) {
        SimFlow f = null;
        if (seg.size() >= 4) {
            f = sim.flow(seg.get(3));
            if (f == null || !f.account.equals(account)) {
                return notFound();
            }
        }
        if (method.equals("POST") && seg.size() <= 4) {
            if (body == null || !body.isObject()) {
                return answer(400, null, "The request body must be a JSON object").build();
            }
            if (f == null) {
                String p = body.path("path").asText(null);
                f = p == null ? null : sim.flowByPath(p);
                if (f == null || !f.account.equals(account)) {
                    return answer(p == null ? 400 : 404, null, p == null ? "A drop needs a flow id or a path"
                        : "No flow at path " + p).build();
                }
            }
            if (body.has("elems") && !body.get("elems").isObject()) {
                return answer(400, null, "elems must be a map").build();
            }
            if (f.filter != null) {
                ObjectNode candidate = FlowthingsSimulator.JSON.createObjectNode();
                candidate.set("elems", Typed.plain(body.path("elems")));
                if (!f.filter.test(candidate)) {
                    return answer(400, null, "The drop does not match the filter of flow " + f.path).build();
                }
            }
            Created c = sim.create(f, (ObjectNode) body, System.currentTimeMillis());
            if (c.duplicate()) {
                return switch (sim.duplicateFhash) {
                    case REJECT_400 -> answer(400, null, "A drop with fhash '" + body.path("fhash").asText()
                        + "' was already processed by this flow").build();
                    case RETURN_EXISTING_200 -> answer(200, out(c.drop(), typedOut), null).build();
                    case SILENT_201 -> answer(201, FlowthingsSimulator.JSON.createObjectNode(), null).build();
                };
            }
            return answer(201, out(c.drop(), typedOut), null).build();
        }
        if (method.equals("GET") && seg.size() == 5) {
            ObjectNode d = sim.drop(f, seg.get(4));
            return d == null ? notFound() : answer(200, out(d, typedOut), null).build();
        }
        if (method.equals("GET") && seg.size() == 4) {
            String filterText = url.queryParameter("filter");
            Predicate<JsonNode> filter = SimFilter.parse(filterText);
            String sort = url.queryParameter("sort");
            String order = url.queryParameter("order");
            boolean asc = sort == null ? false : !"desc".equalsIgnoreCase(order);
            if (sort == null && order != null) {
                asc = "asc".equalsIgnoreCase(order);
            }
            int start = intParam(url, "start", intParam(url, "skip", 0));
            int limit = Math.max(1, Math.min(intParam(url, "limit", sim.defaultLimit), sim.maxLimit));
            ArrayNode out = FlowthingsSimulator.JSON.createArrayNode();
            long floor = SimFilter.creationDateFloor(filterText);
            for (ObjectNode d : sim.find(f, filter, floor, sort == null ? "creationDate" : sort, asc, start, limit)) {
                out.add(out(d, typedOut));
            }
            return answer(200, out, null).build();
        }
        return answer(405, null, "Method not supported by the simulator").build();
    }

    private static JsonNode out(ObjectNode drop, boolean typed) {
        return typed ? Typed.typedDrop(drop) : drop;
    }

    private static int intParam(HttpUrl url, String name, int dflt) {
        String v = url.queryParameter(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
    }

    private static MockResponse notFound() {
        return answer(404, null, "The requested resource could not be located at this address.").build();
    }

    /** The {head, body} envelope; the HTTP status always equals head.status. */
    static MockResponse.Builder answer(int status, JsonNode body, String error) {
        ObjectNode env = FlowthingsSimulator.JSON.createObjectNode();
        ObjectNode head = env.putObject("head");
        head.put("ok", status < 400);
        head.put("status", status);
        ArrayNode messages = head.putArray("messages");
        ArrayNode errors = head.putArray("errors");
        head.putObject("references");
        if (error != null) {
            errors.add(error);
        } else {
            messages.add("Your request has been processed successfully.");
        }
        env.set("body", body == null ? FlowthingsSimulator.JSON.createObjectNode() : body);
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
            .body(new Buffer().writeUtf8(env.toString()));
    }

    private static JsonNode body(RecordedRequest request) {
        if (request.getBody() == null || request.getBody().size() == 0) {
            return null;
        }
        try {
            byte[] bytes = request.getBody().toByteArray();
            if ("gzip".equalsIgnoreCase(request.getHeaders().get("Content-Encoding"))) {
                bytes = Okio.buffer(new GzipSource(new Buffer().write(bytes))).readByteArray();
            }
            return FlowthingsSimulator.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("The request body is not valid JSON");
        }
    }

    private void drain(RecordedRequest ignored) throws InterruptedException {
        MockWebServer s = server;
        if (s != null) {
            while (s.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
                // our own bounded log is the ground truth
            }
        }
    }

    void attach(MockWebServer s) {
        server = s;
    }

    private void log(String call) {
        handled.incrementAndGet();
        synchronized (calls) {
            if (calls.size() >= CALL_LOG_LIMIT) {
                calls.removeFirst();
            }
            calls.addLast(call);
        }
    }
}
