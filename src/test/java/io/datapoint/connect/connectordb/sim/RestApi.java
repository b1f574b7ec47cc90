package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * ConnectorDB's REST API under {@code /api/v1}: routing with StrictSlash redirects, authentication per handler,
 * CRUD on users, devices and streams, datapoint reads and inserts, and the error envelope with the status each
 * handler uses (404 for metadata reads, 403 for data calls and mutations, 400 for parse errors, 401 for auth).
 */
final class RestApi {
    static final String NOT_RECOGNIZED = "This path is not recognized";
    static final String UNRECOGNIZED_QUERY = "Unrecognized query command.";
    static final String RANGE_ARGS =
            "A range needs [both \"i1\" and \"i2\" int] or [\"t1\" and [\"t2\" decimal and/or \"limit\" int]]";
    static final String TIME2INDEX_ARG = "time2index requires an argument of \"t\" which is a decimal timestamp";
    static final String VERSION = "0.3.0";
    static final long INSERT_LIMIT_BYTES = 10L * 1024 * 1024;

    /** Marker status: the dispatcher turns it into the websocket upgrade. */
    static final int UPGRADE = 101;

    private final Registry registry;
    private final Access access;
    private final Authenticator auth;
    private final DataService data;

    RestApi(Registry registry, Access access, Authenticator auth, DataService data) {
        this.registry = registry;
        this.access = access;
        this.auth = auth;
        this.data = data;
    }

    /** A matched route: runs with the authenticated actor; operation errors get {@code opStatus}. */
    private record Route(int opStatus, Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        SimResponse run(Actor actor);
    }

    /** One HTTP request as the router sees it. */
    record Call(String method, HttpUrl url, Headers headers, String body, long bodySize) {
        String param(String name) {
            String v = url.queryParameter(name);
            return v == null || v.isEmpty() ? null : v;
        }
    }

    SimResponse handle(Call call) {
        String path = call.url().encodedPath();
        String query = call.url().encodedQuery();
        String suffix = query == null ? "" : "?" + query;
        if (path.equals("/api/v1") || path.equals("/api/v1/crud")) {
            return SimResponse.redirect(path + "/" + suffix);
        }
        if (path.length() > 1 && path.endsWith("/") && !path.equals("/api/v1/") && !path.equals("/api/v1/crud/")) {
            return SimResponse.redirect(path.replaceAll("/+$", "") + suffix);
        }
        List<String> seg = call.url().pathSegments();
        Route route = seg.size() >= 3 && seg.get(0).equals("api") && seg.get(1).equals("v1")
                ? route(call, seg.subList(2, seg.size())) : null;
        if (route == null) {
            return SimResponse.error(404, NOT_RECOGNIZED);
        }
        Actor actor;
        try {
            actor = auth.authenticate(call.headers(), call.url());
        } catch (SimError e) {
            return SimResponse.error(e.status(), e.getMessage());
        }
        try {
            return route.handler().run(actor).withActor(actor.path());
        } catch (SimError e) {
            return SimResponse.error(e.withDefaultStatus(route.opStatus()).status(), e.getMessage())
                    .withActor(actor.path());
        }
    }

    private Route route(Call call, List<String> p) {
        String m = call.method();
        boolean get = m.equals("GET");
        if (p.size() == 1 && p.get(0).isEmpty()) {
            return get ? new Route(400, a -> root(call, a)) : null;
        }
        switch (p.get(0)) {
            case "login" -> {
                return get && p.size() == 1 ? new Route(401, a -> login(call, a)) : null;
            }
            case "logout" -> {
                return get && p.size() == 1 ? new Route(400, a -> SimResponse.ok()
                        .withHeader("Set-Cookie", Authenticator.COOKIE + "=; Path=/; Max-Age=0; HttpOnly")) : null;
            }
            case "websocket" -> {
                // The route matches the Upgrade header value exactly; anything else falls through to 404.
                return get && p.size() == 1 && "websocket".equals(call.headers().get("Upgrade"))
                        ? new Route(400, a -> new SimResponse(UPGRADE, null, new byte[0], Map.of(), a.path()))
                        : null;
            }
            case "meta" -> {
                return get && p.size() == 2 ? meta(p.get(1)) : null;
            }
            case "crud" -> {
                return crud(call, p.subList(1, p.size()));
            }
            default -> {
                return null;
            }
        }
    }

    private static Route meta(String what) {
        return switch (what) {
            case "version" -> new Route(500, a -> SimResponse.text(VERSION));
            case "transforms" -> new Route(500, a -> SimResponse.json(
                    "{\"if\":{\"description\":\"Filters datapoints (the simulator runs only 'if last')\"}}"));
            case "interpolators" -> new Route(500, a -> SimResponse.json("{}"));
            default -> null;
        };
    }

    private Route crud(Call call, List<String> p) {
        String m = call.method();
        if (p.size() == 1 && p.get(0).isEmpty()) {
            return m.equals("GET") ? new Route(404, a -> listUsers(call, a)) : null;
        }
        if (p.stream().anyMatch(String::isEmpty)) {
            return null;
        }
        return switch (p.size()) {
            case 1 -> switch (m) {
                case "GET" -> new Route(404, a -> getUser(call, a, p.get(0)));
                case "POST" -> new Route(403, a -> createUser(call, a, p.get(0)));
                case "PUT" -> new Route(403, a -> updateUser(call, a, p.get(0)));
                case "DELETE" -> new Route(403, a -> deleteUser(a, p.get(0)));
                default -> null;
            };
            case 2 -> switch (m) {
                case "GET" -> new Route(404, a -> getDevice(call, a, p.get(0), p.get(1)));
                case "POST" -> new Route(403, a -> createDevice(call, a, p.get(0), p.get(1)));
                case "PUT" -> new Route(403, a -> updateDevice(call, a, p.get(0), p.get(1)));
                case "DELETE" -> new Route(403, a -> deleteDevice(a, p.get(0), p.get(1)));
                default -> null;
            };
            case 3 -> switch (m) {
                case "GET" -> new Route(404, a -> getStream(call, a, p.get(0), p.get(1), p.get(2)));
                case "POST" -> new Route(403, a -> createStream(call, a, p.get(0), p.get(1), p.get(2)));
                case "PUT" -> new Route(403, a -> updateStream(call, a, p.get(0), p.get(1), p.get(2)));
                case "DELETE" -> new Route(403, a -> deleteStream(call, a, p.get(0), p.get(1), p.get(2)));
                default -> null;
            };
            case 4 -> !p.get(3).equals("data") ? null : switch (m) {
                case "GET" -> new Route(403, a -> readData(call, a, p.get(0), p.get(1), p.get(2)));
                case "POST" -> new Route(403, a -> writeData(call, a, p.get(0), p.get(1), p.get(2), false));
                case "PUT" -> new Route(403, a -> writeData(call, a, p.get(0), p.get(1), p.get(2), true));
                default -> null;
            };
            default -> null;
        };
    }

    // ---- root, login ------------------------------------------------------------------------------------------

    private SimResponse root(Call call, Actor a) {
        String q = call.param("q");
        if (q == null) {
            throw SimError.badRequest(UNRECOGNIZED_QUERY);
        }
        List<SimUser> users = registry.users();
        return switch (q) {
            case "this" -> SimResponse.text(a.path());
            case "countusers" -> SimResponse.text(Integer.toString(users.size()));
            case "countdevices" -> SimResponse.text(Long.toString(
                    users.stream().mapToLong(u -> u.devices.size()).sum()));
            case "countstreams" -> SimResponse.text(Long.toString(users.stream()
                    .flatMap(u -> u.devices.values().stream()).mapToLong(d -> d.streams.size()).sum()));
            default -> throw SimError.badRequest(UNRECOGNIZED_QUERY);
        };
    }

    private SimResponse login(Call call, Actor a) {
        if (a.isNobody()) {
            throw new SimError(401, "Login Failed. Check your username or password");
        }
        String cookie = Authenticator.COOKIE + "=" + auth.newSessionCookie(a) + "; Path=/; HttpOnly";
        if (GoParse.parseBool(call.param("remember"))) {
            cookie += "; Max-Age=2592000";
        }
        return SimResponse.ok().withHeader("Set-Cookie", cookie);
    }

    // ---- users ------------------------------------------------------------------------------------------------

    private SimResponse listUsers(Call call, Actor a) {
        if (!"ls".equals(call.param("q"))) {
            throw SimError.badRequest(UNRECOGNIZED_QUERY);
        }
        ArrayNode out = GoJson.MAPPER.createArrayNode();
        registry.users().stream().filter(u -> access.canReadUser(a, u.name)).forEach(u -> out.add(u.toJson()));
        return SimResponse.json(out.toString());
    }

    private SimResponse getUser(Call call, Actor a, String user) {
        SimUser u = registry.requireUser(user);
        if (!access.canReadUser(a, user)) {
            throw SimError.op(Access.DENIED);
        }
        String q = call.param("q");
        if (q == null) {
            return SimResponse.json(u.toJson().toString());
        }
        ArrayNode out = GoJson.MAPPER.createArrayNode();
        switch (q) {
            case "ls", "devices" -> u.devices.values().stream()
                    .filter(d -> access.canReadDevice(a, user, d.name))
                    .forEach(d -> out.add(d.toJson(showKey(a, d))));
            case "streams" -> {
                boolean onlyPublic = "true".equals(call.url().queryParameter("public"));
                boolean onlyDownlink = "true".equals(call.url().queryParameter("downlink"));
                for (SimDevice d : u.devices.values()) {
                    if (!access.canReadDevice(a, user, d.name) || (onlyPublic && !d.isPublic())) {
                        continue;
                    }
                    for (SimStream s : d.streams.values()) {
                        if (!onlyDownlink || s.downlink()) {
                            out.add(s.toJson().put("device", d.name));
                        }
                    }
                }
            }
            default -> throw SimError.badRequest(UNRECOGNIZED_QUERY);
        }
        return SimResponse.json(out.toString());
    }

    private SimResponse createUser(Call call, Actor a, String user) {
        Registry.requireValidName(user);
        ObjectNode body = bodyObject(call);
        if (!access.isAdmin(a)) {
            throw SimError.op(Access.DENIED);
        }
        SimUser u = registry.createUser(user, body.path("email").asText(user + "@localhost"),
                body.path("password").asText(""));
        u.update(body, true);
        return SimResponse.json(u.toJson().toString());
    }

    private SimResponse updateUser(Call call, Actor a, String user) {
        ObjectNode body = bodyObject(call);
        SimUser u = registry.requireUser(user);
        if (!access.canManageUser(a, user)) {
            throw SimError.op(Access.DENIED);
        }
        u.update(body, access.isAdmin(a));
        return SimResponse.json(u.toJson().toString());
    }

    private SimResponse deleteUser(Actor a, String user) {
        registry.requireUser(user);
        if (!access.canManageUser(a, user)) {
            throw SimError.op(Access.DENIED);
        }
        registry.deleteUser(user);
        return SimResponse.ok();
    }

    // ---- devices ----------------------------------------------------------------------------------------------

    private boolean showKey(Actor a, SimDevice d) {
        return a.path().equals(d.path()) || access.canManageUser(a, d.user);
    }

    private SimResponse getDevice(Call call, Actor a, String user, String device) {
        SimDevice d = registry.requireDevice(user, device);
        if (!access.canReadDevice(a, user, device)) {
            throw SimError.op(Access.DENIED);
        }
        String q = call.param("q");
        if (q == null) {
            return SimResponse.json(d.toJson(showKey(a, d)).toString());
        }
        if (!q.equals("ls") && !q.equals("streams")) {
            throw SimError.badRequest(UNRECOGNIZED_QUERY);
        }
        ArrayNode out = GoJson.MAPPER.createArrayNode();
        d.streams.values().forEach(s -> out.add(s.toJson()));
        return SimResponse.json(out.toString());
    }

    private SimResponse createDevice(Call call, Actor a, String user, String device) {
        Registry.requireValidName(device);
        ObjectNode body = bodyObject(call);
        registry.requireUser(user);
        if (!access.canManageUser(a, user)) {
            throw SimError.op(Access.DENIED);
        }
        for (Map.Entry<String, JsonNode> e : iterable(body.path("streams"))) {
            Registry.requireValidName(e.getKey());
        }
        SimDevice d = registry.createDevice(user, device, body.path("role").asText("none"));
        d.update(body, true);
        for (Map.Entry<String, JsonNode> e : iterable(body.path("streams"))) {
            ObjectNode fields = e.getValue().isObject() ? (ObjectNode) e.getValue() : GoJson.MAPPER.createObjectNode();
            registry.createStream(user, device, e.getKey(), s -> s.update(fields));
        }
        return SimResponse.json(d.toJson(true).toString());
    }

    private SimResponse updateDevice(Call call, Actor a, String user, String device) {
        ObjectNode body = bodyObject(call);
        SimDevice d = registry.requireDevice(user, device);
        boolean manager = access.canManageUser(a, user);
        if (!manager && !a.path().equals(d.path())) {
            throw SimError.op(Access.DENIED);
        }
        d.update(body, manager);
        if (body.has("apikey") && body.get("apikey").asText("").isEmpty()) {
            registry.resetApiKey(d);
        }
        return SimResponse.json(d.toJson(true).toString());
    }

    private SimResponse deleteDevice(Actor a, String user, String device) {
        registry.requireDevice(user, device);
        if (!access.canManageUser(a, user) || device.equals("user")) {
            throw SimError.op(Access.DENIED);
        }
        registry.deleteDevice(user, device);
        return SimResponse.ok();
    }

    // ---- streams ----------------------------------------------------------------------------------------------

    private SimStream readableStream(Actor a, String user, String device, String stream) {
        SimStream s = registry.requireStream(user, device, stream);
        if (!access.canReadStream(a, s)) {
            throw SimError.op(Access.DENIED);
        }
        return s;
    }

    private SimResponse getStream(Call call, Actor a, String user, String device, String stream) {
        if (call.param("q") != null) {
            throw SimError.badRequest(UNRECOGNIZED_QUERY);
        }
        return SimResponse.json(readableStream(a, user, device, stream).toJson().toString());
    }

    private SimResponse createStream(Call call, Actor a, String user, String device, String stream) {
        Registry.requireValidName(stream);
        ObjectNode body = bodyObject(call);
        registry.requireDevice(user, device);
        if (!access.canManageStreams(a, user, device)) {
            throw SimError.op(Access.DENIED);
        }
        SimStream s = registry.createStream(user, device, stream, created -> created.update(body));
        return SimResponse.json(s.toJson().toString());
    }

    private SimResponse updateStream(Call call, Actor a, String user, String device, String stream) {
        ObjectNode body = bodyObject(call);
        SimStream s = registry.requireStream(user, device, stream);
        if (!access.canManageStreams(a, user, device)) {
            throw SimError.op(Access.DENIED);
        }
        s.update(body);
        return SimResponse.json(s.toJson().toString());
    }

    private SimResponse deleteStream(Call call, Actor a, String user, String device, String stream) {
        SimStream s = registry.requireStream(user, device, stream);
        if (!access.canManageStreams(a, user, device)) {
            throw SimError.op(Access.DENIED);
        }
        if (GoParse.parseBool(call.param("downlink"))) {
            s.downlinkData.clear();
        } else {
            registry.deleteStream(user, device, stream);
        }
        return SimResponse.ok();
    }

    // ---- data -------------------------------------------------------------------------------------------------

    private SimResponse readData(Call call, Actor a, String user, String device, String stream) {
        boolean downlink = GoParse.parseBool(call.param("downlink"));
        String q = call.param("q");
        if (q != null) {
            switch (q) {
                case "length" -> {
                    return SimResponse.text(Integer.toString(
                            readableStream(a, user, device, stream).log(downlink).length()));
                }
                case "time2index" -> {
                    double t;
                    try {
                        t = GoParse.parseFloat(call.param("t") == null ? "" : call.param("t"));
                    } catch (NumberFormatException e) {
                        throw SimError.op(TIME2INDEX_ARG);
                    }
                    return SimResponse.json(Long.toString(
                            readableStream(a, user, device, stream).log(downlink).time2index(t)));
                }
                default -> throw SimError.badRequest(UNRECOGNIZED_QUERY);
            }
        }
        String transform = call.url().queryParameter("transform");
        String i1s = call.param("i1");
        String i2s = call.param("i2");
        List<Datapoint> out;
        if (i1s != null || i2s != null) {
            long i1 = parseIndex(i1s, "i1");
            long i2 = parseIndex(i2s, "i2");
            requireTransform(transform);
            out = Transforms.apply(transform, readableStream(a, user, device, stream).log(downlink).indexRange(i1, i2));
        } else if (call.param("t1") != null || call.param("t2") != null) {
            double t1 = parseTime(call.param("t1"), "t1");
            double t2 = parseTime(call.param("t2"), "t2");
            long limit;
            try {
                limit = call.param("limit") == null ? 0 : GoParse.parseUint(call.param("limit"));
            } catch (NumberFormatException e) {
                throw SimError.badRequest("Could not parse limit parameter.");
            }
            requireTransform(transform);
            out = Transforms.apply(transform, readableStream(a, user, device, stream).log(downlink).timeRange(t1, t2));
            if (limit > 0 && out.size() > limit) {
                out = out.subList(0, (int) limit);
            }
        } else {
            throw SimError.badRequest(RANGE_ARGS);
        }
        return SimResponse.json(GoJson.datapointArray(out));
    }

    private static void requireTransform(String transform) {
        if (!Transforms.supported(transform)) {
            Transforms.apply(transform, List.of());
        }
    }

    private static long parseIndex(String s, String name) {
        try {
            return s == null ? 0 : GoParse.parseInt(s);
        } catch (NumberFormatException e) {
            throw SimError.badRequest("Could not parse " + name + " parameter");
        }
    }

    private static double parseTime(String s, String name) {
        try {
            return s == null ? 0 : GoParse.parseFloat(s);
        } catch (NumberFormatException e) {
            throw SimError.badRequest("Could not parse " + name + " parameter");
        }
    }

    private SimResponse writeData(Call call, Actor a, String user, String device, String stream, boolean restamp) {
        if (call.bodySize() > INSERT_LIMIT_BYTES) {
            throw SimError.badRequest("unexpected EOF"); // the server cuts the body at 10 MiB
        }
        List<Datapoint> points = GoJson.parseDatapoints(call.body());
        data.insert(a, user, device, stream, points, restamp);
        return SimResponse.ok();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static ObjectNode bodyObject(Call call) {
        String body = call.body();
        if (body == null || body.isBlank()) {
            return GoJson.MAPPER.createObjectNode();
        }
        JsonNode n;
        try {
            n = GoJson.MAPPER.readTree(body);
        } catch (Exception e) {
            throw SimError.badRequest("invalid character in JSON body");
        }
        if (n == null || !n.isObject()) {
            throw SimError.badRequest("json: cannot unmarshal non-object body");
        }
        return (ObjectNode) n;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.isObject() ? node.fields() : List.<Map.Entry<String, JsonNode>>of().iterator();
        return () -> it;
    }
}
