package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * heedy's REST API and websocket entry point over {@link SimDatabase}: authentication, routing,
 * parameter rules, handlers and error bodies (protocols/heedy.md §2-§7). Transport concerns
 * (faults, gzip, logging) live in {@link HeedyDispatcher}.
 */
final class HeedyApi {
    static final String VERSION = "0.6.0-dev";

    /**
     * heedy answers a missing/unreadable object under /api/objects/{id}... with 403
     * (backend/plugins/objects.go).
     */
    static final int MISSING_OBJECT_STATUS = 403;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LIST_PARAMS =
            Set.of("owner", "app", "key", "tags", "type", "limit", "icon", "shared");
    private static final Set<String> ICON_PARAM = Set.of("icon");
    private static final Set<String> APP_SELF_PARAMS = Set.of("icon", "token");
    private static final Set<String> READ_PARAMS =
            Set.of("t1", "t2", "t", "i1", "i2", "i", "limit", "transform", "actions", "timeseries");
    private static final Set<String> WRITE_PARAMS = Set.of("method", "validate", "actions");

    private final SimDatabase db;
    private volatile Duration authFailureDelay = Duration.ofSeconds(1);
    private volatile boolean v051Mode;

    HeedyApi(SimDatabase db) {
        this.db = db;
    }

    void authFailureDelay(Duration d) {
        authFailureDelay = d;
    }

    void v051Mode(boolean on) {
        v051Mode = on;
    }

    /** Who is calling: an app, or the public (null app). */
    private record Caller(SimApp app) {
        boolean isPublic() {
            return app == null;
        }
    }

    Answer handle(String method, HttpUrl url, Headers headers, byte[] body, String requestId)
            throws InterruptedException {
        try {
            return route(method, url, headers, body, requestId);
        } catch (HeedyError e) {
            return Answer.error(e, requestId);
        }
    }

    private Answer route(String method, HttpUrl url, Headers headers, byte[] body, String requestId)
            throws InterruptedException {
        List<String> seg = url.pathSegments();
        if (seg.isEmpty() || !seg.get(0).equals("api")) {
            throw endpointMissing();
        }
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, "X-Heedy-", 0, 8)) {
                throw new HeedyError(
                        403,
                        name.equalsIgnoreCase("X-Heedy-Key")
                                ? "access_denied: Plugins must use backend API socket"
                                : "access_denied: X-Heedy headers are only permitted with a valid X-Heedy-Key");
            }
        }
        Caller caller = authenticate(url, headers);
        List<String> rest = seg.subList(1, seg.size());
        if (!rest.isEmpty() && rest.get(rest.size() - 1).isEmpty()) {
            rest = rest.subList(0, rest.size() - 1); // a trailing slash
        }
        String joined = String.join("/", rest);
        switch (joined) {
            case "server/version":
                if (method.equals("GET")) {
                    return Answer.text(VERSION);
                }
                throw endpointMissing();
            case "apps/self":
                if (method.equals("GET")) {
                    return appSelf(caller, url);
                }
                throw endpointMissing();
            case "events":
                if (method.equals("GET")) {
                    return events(caller, headers);
                }
                throw endpointMissing();
            case "objects":
                return switch (method) {
                    case "GET" -> listObjects(caller, url);
                    case "POST" -> createObject(caller, url, body);
                    default -> throw endpointMissing();
                };
            default:
                break;
        }
        if (rest.size() >= 2 && rest.get(0).equals("objects")) {
            return objectRoutes(
                    caller, method, url, body, rest.get(1), rest.subList(2, rest.size()));
        }
        throw endpointMissing();
    }

    private static HeedyError endpointMissing() {
        return new HeedyError(404, "not_found: The given endpoint is not available");
    }

    private Caller authenticate(HttpUrl url, Headers headers) throws InterruptedException {
        String token;
        String authorization = headers.get("Authorization");
        if (authorization != null && !authorization.isEmpty()) {
            String prefix = "Bearer ";
            if (authorization.length() < prefix.length()
                    || !authorization.regionMatches(true, 0, prefix, 0, 7)) {
                throw authFailure("bad_request: Malformed authorization header");
            }
            token = authorization.substring(prefix.length());
        } else {
            token = url.queryParameter("access_token");
        }
        if (token == null || token.isEmpty()) {
            return new Caller(null);
        }
        SimApp app = db.appByToken(token);
        if (app == null) {
            throw authFailure("access_denied: invalid API key");
        }
        if (!app.enabled) {
            throw authFailure("app_disabled: the app was disabled");
        }
        return new Caller(app);
    }

    private HeedyError authFailure(String inner) throws InterruptedException {
        Duration d = authFailureDelay;
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis());
        }
        return new HeedyError(401, "access_denied: " + inner);
    }

    // ---------------------------------------------------------------- apps, events

    private Answer appSelf(Caller caller, HttpUrl url) {
        QueryParams p = QueryParams.strict(url, APP_SELF_PARAMS);
        if (caller.isPublic()) {
            throw new HeedyError(400, "access_denied: You must be logged in as an app to read it");
        }
        SimApp app = caller.app();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", app.id);
        n.put("name", "simulated app");
        n.put("description", "");
        if (Boolean.TRUE.equals(p.bool("icon"))) {
            n.put("icon", "");
        }
        n.put("owner", app.owner);
        n.put("enabled", app.enabled);
        n.put("created_date", app.created.toString());
        n.putNull("last_access_date");
        n.put("scope", app.scopeString());
        n.putObject("settings");
        n.putObject("settings_schema");
        if (Boolean.TRUE.equals(p.bool("token"))) {
            n.put("access_token", app.token);
        }
        return Answer.json(200, n.toString());
    }

    private Answer events(Caller caller, Headers headers) {
        if (caller.isPublic()) {
            throw new HeedyError(403, "The public is not allowed to access event websockets");
        }
        String connection = headers.get("Connection");
        String upgrade = headers.get("Upgrade");
        if (connection == null || !connection.toLowerCase().contains("upgrade")) {
            throw new HeedyError(
                    400,
                    "websocket protocol violation: Connection header \""
                            + (connection == null ? "" : connection)
                            + "\" does not contain Upgrade");
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new HeedyError(
                    400,
                    "websocket protocol violation: Upgrade header \""
                            + (upgrade == null ? "" : upgrade)
                            + "\" does not contain websocket");
        }
        return Answer.upgrade(new EventSocket(db, caller.app(), db.events));
    }

    // ---------------------------------------------------------------- objects

    private Answer listObjects(Caller caller, HttpUrl url) {
        QueryParams p = QueryParams.strict(url, LIST_PARAMS);
        Long limit = p.int64("limit");
        boolean icon = Boolean.TRUE.equals(p.bool("icon"));
        p.bool("shared");
        if (caller.isPublic()) {
            return Answer.json(200, "[]");
        }
        SimApp app = caller.app();
        String owner = p.raw("owner");
        if ("self".equals(owner)) {
            owner = app.owner;
        }
        String appFilter = p.raw("app");
        if ("self".equals(appFilter)) {
            appFilter = app.id;
        }
        String key = p.raw("key");
        List<String> tags = SimObject.splitTags(p.raw("tags"));
        String type = p.string("type");
        long max = limit == null || limit <= 0 ? 1000 : limit;
        ArrayNode out = JSON.createArrayNode();
        int taken = 0;
        for (SimObject o : db.objects()) {
            if (taken >= max) {
                break;
            }
            if (!o.owner.equals(app.owner)) {
                continue; // the user's view; sharing is not simulated
            }
            if (owner != null && !owner.isEmpty() && !owner.equals(o.owner)) {
                continue;
            }
            if (appFilter != null
                    && (appFilter.isEmpty() ? o.app != null : !appFilter.equals(o.app))) {
                continue;
            }
            if (key != null && (key.isEmpty() ? o.key() != null : !key.equals(o.key()))) {
                continue;
            }
            if (!o.tags().containsAll(tags) || type != null && !type.equals(o.type)) {
                continue;
            }
            taken++; // heedy limits in SQL, then drops what the app may not read
            List<String> access = db.access(app, o);
            if (SimDatabase.has(access, "read")) {
                out.add(objectJson(o, access, icon));
            }
        }
        return Answer.json(200, out.toString());
    }

    static ObjectNode objectJson(SimObject o, List<String> access, boolean icon) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", o.id);
        n.put("name", o.name());
        n.put("description", o.description());
        if (icon) {
            n.put("icon", o.icon());
        }
        n.put("owner", o.owner);
        if (o.app == null) {
            n.putNull("app");
        } else {
            n.put("app", o.app);
        }
        n.put("tags", String.join(" ", o.tags()));
        if (o.key() != null) {
            n.put("key", o.key());
        }
        n.put("type", o.type);
        n.set("meta", o.meta());
        n.put("created_date", o.created.toString());
        if (o.modifiedDate() == null) {
            n.putNull("modified_date");
        } else {
            n.put("modified_date", o.modifiedDate().toString());
        }
        n.put("owner_scope", String.join(" ", o.ownerScope()));
        n.put("access", String.join(" ", access));
        return n;
    }

    private Answer createObject(Caller caller, HttpUrl url, byte[] body) {
        QueryParams p = QueryParams.strict(url, ICON_PARAM);
        boolean icon = Boolean.TRUE.equals(p.bool("icon"));
        JsonNode req = parseBody(body);
        if (!req.isObject()) {
            throw new HeedyError(
                    400,
                    "json: cannot unmarshal "
                            + GoJson.kind(req)
                            + " into Go value of type database.Object");
        }
        if (caller.isPublic()) {
            throw new HeedyError(400, "access_denied: You must be logged in to create objects");
        }
        SimApp app = caller.app();
        String type = text(req, "type");
        if (type == null || type.equals("object")) {
            throw new HeedyError(400, "bad_request: must specify a type of object to create");
        }
        String appId = text(req, "app");
        if (appId == null || appId.equals("self")) {
            appId = app.id;
        }
        String name = text(req, "name");
        if (name == null || name.isEmpty()) {
            throw new HeedyError(400, "bad_request: Invalid name");
        }
        if (req.hasNonNull("owner")) {
            throw HeedyError.badQuery(
                    "When creating a object for an app, you must not specify an owner");
        }
        String key = text(req, "key");
        if (key != null && key.isEmpty()) {
            throw HeedyError.badQuery("Object key can't be empty string");
        }
        if (!appId.equals(app.id)) {
            throw new HeedyError(400, "access_denied: Can't create a object for a different app");
        }
        if (!app.hasScope("self.objects:create")
                && !app.hasScope("self.objects." + type + ":create")) {
            throw new HeedyError(
                    400, "access_denied: Insufficient access to create a object of this type");
        }
        ObjectNode meta = SimObject.defaultMeta();
        if (req.hasNonNull("meta")) {
            mergeMeta(meta, req.get("meta"));
        }
        List<Datapoint> initial =
                req.hasNonNull("data") ? decodeDatapoints(req.get("data")) : List.of();
        if (!initial.isEmpty()) {
            TimeseriesData.checkOrder(initial);
        }
        List<String> ownerScope =
                req.hasNonNull("owner_scope")
                        ? SimObject.splitTags(text(req, "owner_scope"))
                        : null;
        SimObject o =
                db.createObject(
                        type,
                        app.owner,
                        appId,
                        name,
                        text(req, "description"),
                        key,
                        SimObject.splitTags(text(req, "tags")),
                        ownerScope,
                        meta,
                        text(req, "icon"));
        if (!initial.isEmpty()) {
            db.writeData(o, initial, "update", true);
        }
        return Answer.json(200, objectJson(o, db.access(app, o), icon).toString());
    }

    /** meta is merged per key; a null value restores that key's default. */
    private static void mergeMeta(ObjectNode meta, JsonNode patch) {
        if (!patch.isObject()) {
            throw new HeedyError(400, "bad_query: meta must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull()) {
                meta.remove(f.getKey());
                if (f.getKey().equals("schema")) {
                    meta.putObject("schema");
                }
            } else {
                if (f.getKey().equals("schema") && !f.getValue().isObject()) {
                    throw new HeedyError(400, "bad_query: schema must be an object");
                }
                meta.set(f.getKey(), f.getValue());
            }
        }
    }

    private Answer objectRoutes(
            Caller caller, String method, HttpUrl url, byte[] body, String id, List<String> sub) {
        SimObject o = db.readable(caller.app(), id);
        if (o == null) {
            throw HeedyError.notFound(MISSING_OBJECT_STATUS);
        }
        List<String> access = db.access(caller.app(), o);
        if (sub.isEmpty()) {
            return switch (method) {
                case "GET" -> {
                    QueryParams p = QueryParams.strict(url, ICON_PARAM);
                    yield Answer.json(
                            200,
                            objectJson(o, access, Boolean.TRUE.equals(p.bool("icon"))).toString());
                }
                case "PATCH" -> patchObject(o, access, body);
                case "DELETE" -> {
                    if (!SimDatabase.has(access, "delete")) {
                        throw new HeedyError(
                                400,
                                "access_denied: Insufficient permissions to delete the object");
                    }
                    db.removeObject(o.id);
                    yield Answer.ok();
                }
                default -> throw endpointMissing();
            };
        }
        if (!o.type.equals("timeseries")) {
            throw endpointMissing();
        }
        String route = String.join("/", sub);
        if (route.equals("timeseries") || route.equals("data")) {
            return switch (method) {
                case "GET" -> readData(o, access, url);
                case "POST" -> writeData(o, access, url, body);
                case "DELETE" -> deleteData(o, access, url);
                default -> throw endpointMissing();
            };
        }
        if ((route.equals("timeseries/length") || route.equals("data/length"))
                && method.equals("GET")) {
            requireScope(access, "read");
            return Answer.json(200, Integer.toString(o.data.length()));
        }
        throw endpointMissing();
    }

    private Answer patchObject(SimObject o, List<String> access, byte[] body) {
        JsonNode req = parseBody(body);
        if (!req.isObject()) {
            throw new HeedyError(
                    400,
                    "json: cannot unmarshal "
                            + GoJson.kind(req)
                            + " into Go value of type database.Object");
        }
        if (req.has("type")) {
            throw HeedyError.badQuery("Modifying a object type is not supported");
        }
        boolean full =
                req.has("name") || req.has("owner") || req.has("app") || req.has("owner_scope");
        if (!SimDatabase.has(access, "update")
                && (full || !SimDatabase.has(access, "update:basic"))) {
            throw HeedyError.notFound(400);
        }
        boolean changed = false;
        if (req.hasNonNull("name")) {
            if (text(req, "name").isEmpty()) {
                throw new HeedyError(400, "bad_request: Invalid name");
            }
            o.name(text(req, "name"));
            changed = true;
        }
        if (req.hasNonNull("description")) {
            o.description(text(req, "description"));
            changed = true;
        }
        if (req.hasNonNull("icon")) {
            o.icon(text(req, "icon"));
            changed = true;
        }
        if (req.hasNonNull("tags")) {
            o.tags(SimObject.splitTags(text(req, "tags")));
            changed = true;
        }
        if (req.hasNonNull("owner_scope")) {
            o.ownerScope(SimObject.splitTags(text(req, "owner_scope")));
            changed = true;
        }
        if (req.hasNonNull("key")) {
            String key = text(req, "key");
            if (!key.isEmpty() && o.app == null) {
                throw HeedyError.badQuery("Only objects belonging to an app may have a key");
            }
            db.changeKey(o, key.isEmpty() ? null : key);
            changed = true;
        }
        if (req.hasNonNull("meta")) {
            ObjectNode meta = o.meta();
            mergeMeta(meta, req.get("meta"));
            o.meta(meta);
            changed = true;
        }
        if (!changed) {
            throw new HeedyError(400, "nop: Nothing to update");
        }
        db.events.fire(SimEvent.forObject("object_update", o, null));
        return Answer.ok();
    }

    // ---------------------------------------------------------------- timeseries

    private static void requireScope(List<String> access, String scope) {
        if (!SimDatabase.has(access, scope)) {
            throw new HeedyError(403, "access_denied: Insufficient permissions");
        }
    }

    private static TimeseriesQuery decodeQuery(HttpUrl url) {
        QueryParams p = QueryParams.strict(url, READ_PARAMS);
        TimeseriesQuery q =
                new TimeseriesQuery(
                        p.string("t1"),
                        p.string("t2"),
                        p.string("t"),
                        p.int64("i1"),
                        p.int64("i2"),
                        p.int64("i"),
                        p.int64("limit"),
                        p.string("transform"));
        p.bool("actions");
        if (p.string("timeseries") != null) {
            throw new HeedyError(400, "timeseries arg is set automatically when querying objects");
        }
        return q;
    }

    private Answer readData(SimObject o, List<String> access, HttpUrl url) {
        requireScope(access, "read");
        TimeseriesQuery q = decodeQuery(url);
        List<Datapoint> points = o.data.query(q, nowNanos(), v051Mode);
        return Answer.stream(GoJson.datapointArray(points));
    }

    private Answer deleteData(SimObject o, List<String> access, HttpUrl url) {
        requireScope(access, "write");
        TimeseriesQuery q = decodeQuery(url);
        db.deleteData(o, q, nowNanos());
        return Answer.ok();
    }

    private Answer writeData(SimObject o, List<String> access, HttpUrl url, byte[] body) {
        requireScope(access, "write");
        QueryParams p = QueryParams.strict(url, WRITE_PARAMS);
        String method = p.string("method");
        Boolean validate = p.bool("validate");
        p.bool("actions");
        JsonNode root = parseBody(body);
        List<Datapoint> batch = decodeDatapoints(root);
        db.writeData(o, batch, method == null ? "update" : method, validate == null || validate);
        return Answer.ok();
    }

    /**
     * easyjson's decoding of a datapoint array: missing/null t is 0, null d is null, a null element
     * is an error.
     */
    static List<Datapoint> decodeDatapoints(JsonNode root) {
        if (!root.isArray()) {
            throw new HeedyError(400, "parse error: expected [ near offset 0");
        }
        List<Datapoint> out = new ArrayList<>(root.size());
        boolean sawNull = false;
        for (JsonNode el : root) {
            if (el.isNull()) {
                sawNull = true;
                continue;
            }
            if (!el.isObject()) {
                throw new HeedyError(400, "parse error: expected { near offset 0");
            }
            out.add(new Datapoint(number(el, "t"), number(el, "dt"), el.get("d")));
        }
        if (sawNull) {
            throw new HeedyError(400, "bad_request: null datapoint");
        }
        return out;
    }

    private static double number(JsonNode el, String field) {
        JsonNode v = el.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isNumber()) {
            throw new HeedyError(
                    400, "parse error: expected number near offset 0 of '" + field + "'");
        }
        return v.asDouble();
    }

    private static JsonNode parseBody(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new HeedyError(400, "EOF");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new HeedyError(
                    400,
                    "parse error: syntax error near offset " + e.getLocation().getCharOffset());
        } catch (java.io.IOException e) {
            throw new HeedyError(400, "parse error: " + e.getClass().getSimpleName());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new HeedyError(
                    400,
                    "json: cannot unmarshal "
                            + GoJson.kind(v)
                            + " into Go struct field Object."
                            + field
                            + " of type string");
        }
        return v.textValue();
    }


    static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
