package io.datapoint.connect.iotile.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * IOTile Cloud's REST API over an in-memory store, as protocols/iotile.md describes the server (Django REST
 * framework): trailing slashes, JWT/Token auth with 401 + {@code WWW-Authenticate: JWT realm="api"}, DRF page
 * envelopes with absolute {@code next}, {@code /data/} ordered by (streamer_local_id, stream_slug, timestamp) with
 * second-precision timestamps, 200-with-nothing for filters it does not know, all-or-nothing array posts.
 */
final class IotileApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter WIRE_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
        .withZone(ZoneOffset.UTC);
    static final String ZERO_DEVICE = "d--0000-0000-0000-0000";

    /** What the API answers. */
    record Answer(int status, byte[] body, Map<String, String> headers) {
        static Answer json(int status, JsonNode body) {
            return new Answer(status, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        }

        static Answer detail(int status, String detail) {
            return json(status, F.objectNode().put("detail", detail));
        }
    }

    private final Map<String, SimUser> usersByEmail = new ConcurrentHashMap<>();
    private final Map<String, SimProject> projects = new ConcurrentHashMap<>(); // by slug
    private final Map<String, SimProject> devices = new ConcurrentHashMap<>(); // device slug -> project
    private final Map<String, SimStream> streams = new ConcurrentHashMap<>(); // by slug
    private final Map<String, AtomicLong> readingIds = new ConcurrentHashMap<>(); // per device
    private final List<SimRow> rows = new ArrayList<>(); // guarded by rows
    // the same rows by stream slug, so that a stream's query does not scan every stream's rows; guarded by rows
    private final Map<String, List<SimRow>> rowsByStream = new HashMap<>();
    private final Set<String> expiredTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger userIds = new AtomicInteger();
    private final AtomicLong rowIds = new AtomicLong(1000);
    private final Clock clock;
    volatile Duration tokenLifetime = Duration.ofDays(7);
    volatile Duration refreshLimit = Duration.ofDays(180);
    /** False to leave {@code next} and {@code previous} null, as the official client's mock server does. */
    volatile boolean pageLinks = true;

    IotileApi(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------ setup

    SimUser createUser(String email, String password) {
        SimUser u = new SimUser(userIds.incrementAndGet(), email, password,
            UUID.randomUUID().toString().replace("-", "") + "deadbeef");
        usersByEmail.put(email.toLowerCase(), u);
        return u;
    }

    SimUser user(String email) {
        SimUser u = usersByEmail.get(email.toLowerCase());
        if (u == null) {
            throw new IllegalArgumentException("no user " + email);
        }
        return u;
    }

    SimProject createProject(String owner, String slug, String name) {
        SimProject p = new SimProject(UUID.randomUUID().toString(), slug, name, user(owner));
        projects.put(slug, p);
        return p;
    }

    void createDevice(String projectSlug, String deviceSlug) {
        devices.put(deviceSlug, project(projectSlug));
    }

    SimStream createStream(String slug, String label) {
        SimProject p = project(projectOf(slug));
        SimStream s = new SimStream(UUID.randomUUID().toString(), slug, p, deviceOf(slug), label);
        streams.put(slug, s);
        return s;
    }

    SimStream stream(String slug) {
        return streams.get(slug);
    }

    private SimProject project(String slug) {
        SimProject p = projects.get(slug);
        if (p == null) {
            throw new IllegalArgumentException("no project " + slug);
        }
        return p;
    }

    void expireIssuedTokens(Set<String> tokens) {
        expiredTokens.addAll(tokens);
    }

    /** Next reading id of a device (device-global, as IOTile streamers number readings). */
    long nextReadingId(String device) {
        return readingIds.computeIfAbsent(device, d -> new AtomicLong()).incrementAndGet();
    }

    SimRow insert(String stream, Instant timestamp, Long intValue, Double value, long streamerId,
                  Long deviceTimestamp) {
        SimStream meta = streams.get(stream);
        String type = "Num";
        Double stored = value;
        if (intValue != null) {
            stored = (double) intValue;
            if (meta != null && meta.inputUnit != null) {
                stored = mdo(meta.inputUnit, stored);
                type = "ITR";
            }
        } else {
            type = "ITR";
        }
        SimRow row = new SimRow(rowIds.incrementAndGet(), stream, projectOf(stream), deviceOf(stream),
            variableOf(stream), type, deviceTimestamp, timestamp, intValue, stored, streamerId, false, "cln");
        synchronized (rows) {
            rows.add(row);
            rowsByStream.computeIfAbsent(stream, k -> new ArrayList<>()).add(row);
        }
        return row;
    }

    List<SimRow> rows(Predicate<SimRow> which) {
        synchronized (rows) {
            return rows.stream().filter(which).toList();
        }
    }

    /** The rows of one stream that {@code which} selects, in insertion order. */
    List<SimRow> streamRows(String slug, Predicate<SimRow> which) {
        synchronized (rows) {
            return rowsByStream.getOrDefault(slug, List.of()).stream().filter(which).toList();
        }
    }

    /** How many rows one stream holds. */
    int streamRowCount(String slug) {
        synchronized (rows) {
            return rowsByStream.getOrDefault(slug, List.of()).size();
        }
    }

    static double mdo(JsonNode unit, double v) {
        double m = unit.path("m").asDouble(1);
        double d = unit.path("d").asDouble(1);
        double o = unit.path("o").isNumber() ? unit.path("o").asDouble() : 0;
        double r = v * m / d;
        return o == 0 ? r : o + r;
    }

    static String projectOf(String streamSlug) {
        return "p--" + streamSlug.substring(3, 12);
    }

    static String deviceOf(String streamSlug) {
        return "d--" + streamSlug.substring(14, 33);
    }

    static String variableOf(String streamSlug) {
        return "v--" + streamSlug.substring(3, 12) + "--" + streamSlug.substring(35);
    }

    // ------------------------------------------------------------------------------------------ routing

    Answer handle(String method, HttpUrl url, Headers headers, byte[] body) {
        List<String> seg = url.pathSegments();
        String path = "/" + String.join("/", seg);
        if (!path.startsWith("/api/v1/")) {
            return Answer.detail(404, "Not found.");
        }
        if (!path.endsWith("/")) {
            // Django's APPEND_SLASH: a redirect for GET; a POST cannot be redirected and fails
            if (method.equals("GET")) {
                return new Answer(301, new byte[0], Map.of("Location", url.newBuilder().encodedPath(
                    url.encodedPath() + "/").build().toString()));
            }
            return new Answer(500, "RuntimeError: You called this URL via POST, but the URL doesn't end in a slash"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        }
        String route = path.substring("/api/v1/".length(), path.length() - 1);
        JsonNode json;
        try {
            json = body.length == 0 ? null : JSON.readTree(body);
        } catch (Exception e) {
            return Answer.detail(400, "JSON parse error - " + e.getMessage());
        }
        switch (route) {
            case "server":
                return Answer.json(200, F.objectNode().put("now", WIRE_SECOND.format(clock.instant()))
                    .put("stage", "sim").put("name", "IOTile Cloud simulator").put("company", "Arch"));
            case "auth/login":
                return method.equals("POST") ? login(headers, json) : Answer.detail(405, "Method \"" + method
                    + "\" not allowed.");
            case "auth/api-jwt-auth":
                return obtainJwt(json);
            case "auth/api-jwt-refresh":
                return refresh(json);
            default:
                break;
        }
        Auth auth = authenticate(headers);
        if (auth.error != null) {
            return auth.error;
        }
        SimUser user = auth.user;
        if (route.equals("auth/logout")) {
            return new Answer(204, new byte[0], Map.of());
        }
        if (route.equals("account")) {
            return Answer.json(200, page(List.of(account(user)), 1, 1, url, 100));
        }
        if (route.equals("project")) {
            List<JsonNode> out = new ArrayList<>();
            projects.values().stream().filter(p -> p.owner == user).sorted(Comparator.comparing(p -> p.slug))
                .forEach(p -> out.add(F.objectNode().put("id", p.uuid).put("slug", p.slug).put("name", p.name)));
            return list(out, url, 100, 1000);
        }
        if (route.equals("stream")) {
            return streamList(user, url);
        }
        if (route.startsWith("stream/") && route.indexOf('/', 7) < 0) {
            return streamDetail(user, route.substring(7));
        }
        if (route.equals("data")) {
            if (method.equals("GET")) {
                return dataList(user, url);
            }
            if (method.equals("POST")) {
                return dataPost(user, json);
            }
            return Answer.detail(405, "Method \"" + method + "\" not allowed.");
        }
        return Answer.detail(404, "Not found.");
    }

    // ------------------------------------------------------------------------------------------ auth

    private record Auth(SimUser user, Answer error) {
    }

    private static Answer unauthorized(String detail) {
        return new Answer(401, F.objectNode().put("detail", detail).toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("WWW-Authenticate", "JWT realm=\"api\""));
    }

    private Auth authenticate(Headers headers) {
        String h = headers.get("Authorization");
        if (h == null || h.isBlank()) {
            return new Auth(null, unauthorized("Authentication credentials were not provided."));
        }
        String[] parts = h.trim().split(" ");
        String scheme = parts[0].toLowerCase();
        if (scheme.equals("jwt")) {
            if (parts.length == 1) {
                return new Auth(null, unauthorized("Invalid Authorization header. No credentials provided."));
            }
            if (parts.length > 2) {
                return new Auth(null, unauthorized("Invalid Authorization header. Credentials string should not"
                    + " contain spaces."));
            }
            JsonNode claims = SimJwt.verify(parts[1]);
            if (claims == null) {
                return new Auth(null, unauthorized("Error decoding signature."));
            }
            if (expiredTokens.contains(parts[1]) || claims.path("exp").asLong() <= clock.instant().getEpochSecond()) {
                return new Auth(null, unauthorized("Signature has expired."));
            }
            SimUser u = usersByEmail.get(claims.path("email").asText().toLowerCase());
            if (u == null || !u.active) {
                return new Auth(null, unauthorized("User account is disabled."));
            }
            return new Auth(u, null);
        }
        if (scheme.equals("token") && parts.length == 2) {
            for (SimUser u : usersByEmail.values()) {
                if (u.drfToken.equals(parts[1])) {
                    return new Auth(u, null);
                }
            }
            return new Auth(null, unauthorized("Invalid token."));
        }
        return new Auth(null, unauthorized("Authentication credentials were not provided."));
    }

    private String issue(SimUser u, long origIat) {
        long exp = clock.instant().plus(tokenLifetime).getEpochSecond();
        return SimJwt.issue(u, exp, origIat);
    }

    private Answer login(Headers headers, JsonNode body) {
        if (headers.get("Authorization") != null) {
            Auth a = authenticate(headers);
            if (a.error != null) {
                return a.error;
            }
            return Answer.json(403, F.textNode("Already Logged-in"));
        }
        ObjectNode errors = F.objectNode();
        String email = body == null ? null : text(body, "email");
        String password = body == null ? null : text(body, "password");
        if (email == null) {
            errors.set("email", F.arrayNode().add("This field is required."));
        } else if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 200) {
            errors.set("email", F.arrayNode().add("Enter a valid email address."));
        }
        if (password == null) {
            errors.set("password", F.arrayNode().add("This field is required."));
        }
        if (errors.size() > 0) {
            return Answer.json(400, errors);
        }
        SimUser u = usersByEmail.get(email.toLowerCase());
        if (u == null || !u.password.equals(password)) {
            return Answer.json(401, F.textNode("Username/password combination invalid."));
        }
        if (!u.active) {
            return Answer.json(401, F.textNode("This account is not Active."));
        }
        ObjectNode out = account(u);
        out.put("token", u.drfToken);
        out.put("jwt", issue(u, clock.instant().getEpochSecond()));
        return Answer.json(200, out);
    }

    private Answer obtainJwt(JsonNode body) {
        String username = body == null ? null : text(body, "username");
        String password = body == null ? null : text(body, "password");
        ObjectNode errors = F.objectNode();
        if (username == null) {
            errors.set("username", F.arrayNode().add("This field is required."));
        }
        if (password == null) {
            errors.set("password", F.arrayNode().add("This field is required."));
        }
        if (errors.size() > 0) {
            return Answer.json(400, errors);
        }
        for (SimUser u : usersByEmail.values()) {
            if ((u.email.equalsIgnoreCase(username) || u.username.equals(username)) && u.password.equals(password)
                && u.active) {
                return Answer.json(200, F.objectNode().put("token", issue(u, clock.instant().getEpochSecond())));
            }
        }
        return nonField("Unable to log in with provided credentials.");
    }

    private Answer refresh(JsonNode body) {
        String token = body == null ? null : text(body, "token");
        if (token == null) {
            return Answer.json(400, F.objectNode().set("token", F.arrayNode().add("This field is required.")));
        }
        JsonNode claims = SimJwt.verify(token);
        if (claims == null) {
            return nonField("Error decoding signature.");
        }
        if (expiredTokens.contains(token) || claims.path("exp").asLong() <= clock.instant().getEpochSecond()) {
            return nonField("Signature has expired.");
        }
        long origIat = claims.path("orig_iat").asLong();
        if (clock.instant().getEpochSecond() > origIat + refreshLimit.toSeconds()) {
            return nonField("Refresh has expired.");
        }
        SimUser u = usersByEmail.get(claims.path("email").asText().toLowerCase());
        if (u == null) {
            return nonField("User doesn't exist.");
        }
        return Answer.json(200, F.objectNode().put("token", issue(u, origIat)));
    }

    private static Answer nonField(String message) {
        return Answer.json(400, F.objectNode().set("non_field_errors", F.arrayNode().add(message)));
    }

    private ObjectNode account(SimUser u) {
        ObjectNode a = F.objectNode().put("id", u.id).put("email", u.email).put("username", u.username)
            .put("created_at", "2020-01-01T00:00:00Z").put("updated_at", "2020-01-01T00:00:00Z")
            .put("name", u.username).put("tagline", "");
        a.set("avatar", F.objectNode().put("tiny", "").put("thumbnail", "").put("medium", ""));
        a.put("slug", u.username).put("is_staff", false);
        return a;
    }

    // ------------------------------------------------------------------------------------------ streams

    private boolean readable(SimUser u, String projectSlug) {
        SimProject p = projects.get(projectSlug);
        return p != null && p.owner == u;
    }

    private Answer streamList(SimUser u, HttpUrl url) {
        String project = url.queryParameter("project");
        String device = url.queryParameter("device");
        List<SimStream> found = new ArrayList<>();
        for (SimStream s : streams.values()) {
            if (!readable(u, s.project.slug)) {
                continue;
            }
            if (project != null && !project.equals(s.project.slug) && !project.equals(s.project.uuid)) {
                continue;
            }
            if (device != null && !device.equals(s.device)) {
                continue;
            }
            found.add(s);
        }
        if (device != null && !device.startsWith("d--") && !device.startsWith("b--")) {
            return Answer.detail(403, "Illegal Device ID");
        }
        found.sort(Comparator.comparing(s -> s.slug));
        List<JsonNode> out = new ArrayList<>();
        found.forEach(s -> out.add(streamJson(s)));
        return list(out, url, 5000, 20000);
    }

    private Answer streamDetail(SimUser u, String slug) {
        String canonical = pad(slug);
        SimStream s = canonical == null ? null : streams.get(canonical);
        if (s == null || !readable(u, s.project.slug)) {
            return Answer.detail(404, "Not found.");
        }
        return Answer.json(200, streamJson(s));
    }

    /** formatted_gsid: re-pads a short stream slug; null when it is not one. */
    static String pad(String slug) {
        String s = slug.toLowerCase();
        if (!s.startsWith("s--")) {
            return null;
        }
        String[] parts = s.substring(3).split("--", -1);
        if (parts.length != 3) {
            return null;
        }
        int[] groups = {2, 4, 1};
        List<String> components = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String hex = parts[i].replace("-", "");
            if (!hex.matches("[0-9a-f]*") || hex.length() > groups[i] * 4) {
                return null;
            }
            String padded = "0".repeat(groups[i] * 4 - hex.length()) + hex;
            List<String> g = new ArrayList<>();
            for (int k = 0; k < groups[i]; k++) {
                g.add(padded.substring(k * 4, k * 4 + 4));
            }
            components.add(String.join("-", g));
        }
        return "s--" + String.join("--", components);
    }

    private static ObjectNode streamJson(SimStream s) {
        ObjectNode o = F.objectNode().put("id", s.uuid).put("project_id", s.project.uuid).put("project", s.project.slug);
        if (s.device.equals(ZERO_DEVICE)) {
            o.putNull("device");
        } else {
            o.put("device", s.device);
        }
        o.putNull("block").put("data_label", s.label).put("variable", variableOf(s.slug)).put("var_type", "default")
            .put("data_type", "00").put("var_name", s.label).put("var_lid", Integer.parseInt(s.slug.substring(35), 16));
        if (s.inputUnit == null) {
            o.putNull("input_unit");
        } else {
            o.set("input_unit", s.inputUnit);
        }
        if (s.outputUnit == null) {
            o.putNull("output_unit");
        } else {
            o.set("output_unit", s.outputUnit);
        }
        o.putNull("derived_stream").put("raw_value_format", "<L").put("mdo_type", "S").putNull("mdo_label")
            .put("multiplication_factor", 1).put("division_factor", 1).putNull("offset").put("org", "arch")
            .put("created_on", "2020-01-01T00:00:00Z").put("slug", s.slug).put("enabled", true);
        return o;
    }

    // ------------------------------------------------------------------------------------------ data

    private Answer dataList(SimUser u, HttpUrl url) {
        String filter = url.queryParameter("filter");
        Predicate<SimRow> which = filterPredicate(u, filter);
        if (which == null) {
            return Answer.json(200, page(List.of(), 0, 1, url, 1000));
        }
        ObjectNode errors = F.objectNode();
        Instant start = time(url, "start", errors);
        Instant end = time(url, "end", errors);
        Long[] idRange = range(url, "id", errors);
        Long[] sidRange = range(url, "streamer_id", errors);
        Long[] tsRange = range(url, "streamer_ts", errors);
        if (errors.size() > 0) {
            return Answer.json(400, errors);
        }
        // a stream's rows come from its own index, so only the bounds remain to test
        boolean oneStream = filter.startsWith("s--");
        Predicate<SimRow> p = oneStream ? r -> true : which;
        if (start != null) {
            p = p.and(r -> !r.timestamp().isBefore(start));
        }
        if (end != null) {
            p = p.and(r -> r.timestamp().isBefore(end));
        }
        p = p.and(inRange(idRange, SimRow::id)).and(inRange(sidRange, SimRow::streamerId))
            .and(inRange(tsRange, r -> r.deviceTimestamp() == null ? Long.MIN_VALUE : r.deviceTimestamp()));
        List<SimRow> found = new ArrayList<>(oneStream ? streamRows(filter, p) : rows(p));
        String lastn = url.queryParameter("lastn");
        if (lastn != null) {
            int n;
            try {
                n = Integer.parseInt(lastn);
            } catch (NumberFormatException e) {
                return Answer.json(400, F.arrayNode().add("lastn must be an integer"));
            }
            if (n < 1) {
                return Answer.json(400, F.arrayNode().add("lastn must be greater than 0"));
            }
            if (n > 100_000) {
                return Answer.json(400, F.arrayNode().add("lastn limit is 100000"));
            }
            found.sort(Comparator.comparing(SimRow::timestamp));
            found = new ArrayList<>(found.subList(Math.max(0, found.size() - n), found.size()));
        } else {
            // the model's default ordering; ties keep insertion order
            found.sort(Comparator.comparingLong(SimRow::streamerId).thenComparing(SimRow::stream)
                .thenComparing(SimRow::timestamp));
        }
        int pageSize = pageSize(url, 1000, 10000);
        Integer pageNo = pageNumber(url, found.size(), pageSize);
        if (pageNo == null) {
            return Answer.detail(404, "Invalid page.");
        }
        int from = (pageNo - 1) * pageSize;
        List<JsonNode> out = new ArrayList<>();
        for (SimRow r : found.subList(Math.min(from, found.size()), Math.min(found.size(), from + pageSize))) {
            out.add(rowJson(r));
        }
        return Answer.json(200, page(out, found.size(), pageNo, url, pageSize));
    }

    /** What a {@code filter} selects for this user, or null for nothing (unknown, malformed or not readable). */
    private Predicate<SimRow> filterPredicate(SimUser u, String filter) {
        if (filter == null || filter.length() < 3) {
            return null;
        }
        if (filter.startsWith("s--")) {
            if (filter.length() != 39 || !readable(u, projectOf(filter))) {
                return null;
            }
            String device = deviceOf(filter);
            if (!device.equals(ZERO_DEVICE) && devices.get(device) == null) {
                return null;
            }
            return r -> r.stream().equals(filter);
        }
        if (filter.startsWith("d--")) {
            SimProject p = devices.get(filter);
            return p == null || p.owner != u ? null : r -> r.device().equals(filter);
        }
        if (filter.startsWith("v--")) {
            return filter.length() != 18 || !readable(u, "p--" + filter.substring(3, 12)) ? null
                : r -> r.variable().equals(filter);
        }
        return null;
    }

    private static Predicate<SimRow> inRange(Long[] range, java.util.function.ToLongFunction<SimRow> field) {
        return r -> (range[0] == null || field.applyAsLong(r) >= range[0])
            && (range[1] == null || field.applyAsLong(r) <= range[1]);
    }

    private static Long[] range(HttpUrl url, String name, ObjectNode errors) {
        String min = first(url.queryParameter(name + "_min"), url.queryParameter(name + "_0"));
        String max = first(url.queryParameter(name + "_max"), url.queryParameter(name + "_1"));
        Long[] out = new Long[2];
        try {
            out[0] = min == null || min.isEmpty() ? null : (long) Math.ceil(Double.parseDouble(min));
            out[1] = max == null || max.isEmpty() ? null : (long) Math.floor(Double.parseDouble(max));
        } catch (NumberFormatException e) {
            errors.set(name, F.arrayNode().add("Enter a number."));
        }
        return out;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static Instant time(HttpUrl url, String name, ObjectNode errors) {
        String v = url.queryParameter(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        Instant t = parseTime(v);
        if (t == null) {
            errors.set(name, F.arrayNode().add("Enter a valid date/time."));
        }
        return t;
    }

    /** Django's parse_datetime: ISO-8601 with or without offset (naive = UTC), 'T' or space. */
    static Instant parseTime(String v) {
        String s = v.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static ObjectNode rowJson(SimRow r) {
        ObjectNode o = F.objectNode().put("id", r.id()).put("stream", r.stream()).put("project", r.project())
            .put("device", r.device()).put("variable", r.variable()).put("type", r.type());
        if (r.deviceTimestamp() == null) {
            o.putNull("device_timestamp");
        } else {
            o.put("device_timestamp", r.deviceTimestamp());
        }
        o.put("timestamp", WIRE_SECOND.format(r.timestamp()));
        if (r.intValue() == null) {
            o.putNull("int_value");
        } else {
            o.put("int_value", r.intValue());
        }
        if (r.value() == null) {
            o.putNull("value");
        } else {
            o.put("value", r.value());
        }
        return o.put("streamer_local_id", r.streamerId()).put("dirty_ts", r.dirtyTs()).put("status", r.status());
    }

    private Answer dataPost(SimUser u, JsonNode body) {
        if (body == null || !(body.isObject() || body.isArray())) {
            return Answer.json(400, F.objectNode().set("non_field_errors", F.arrayNode()
                .add("Invalid data. Expected a dictionary, but got " + (body == null ? "null" : "str") + ".")));
        }
        boolean many = body.isArray();
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        if (!many) {
            items = List.of(body);
        }
        ArrayNode errors = F.arrayNode();
        boolean invalid = false;
        List<Instant> times = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode e = validate(item, times);
            errors.add(e);
            invalid |= e.size() > 0;
        }
        if (invalid) {
            return Answer.json(400, many ? errors : errors.get(0));
        }
        Set<String> checked = new HashSet<>();
        for (JsonNode item : items) {
            String stream = item.get("stream").asText();
            if (!checked.add(stream)) {
                continue;
            }
            SimProject p = projects.get(projectOf(stream));
            String device = deviceOf(stream);
            if (p == null || !device.equals(ZERO_DEVICE) && devices.get(device) == null) {
                return Answer.detail(404, "Not found.");
            }
            if (p.owner != u) {
                return Answer.detail(403, "You do not have permission to perform this action.");
            }
        }
        for (JsonNode item : items) {
            String stream = item.get("stream").asText();
            if (item.hasNonNull("value") && streams.containsKey(stream)) {
                return new Answer(500, "<h1>Server Error (500)</h1>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of("Content-Type", "text/html"));
            }
        }
        SimRow last = null;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            last = insert(item.get("stream").asText(), times.get(i),
                item.hasNonNull("int_value") ? item.get("int_value").asLong() : null,
                item.hasNonNull("value") ? item.get("value").asDouble() : null,
                item.path("streamer_local_id").asLong(0),
                item.hasNonNull("device_timestamp") ? item.get("device_timestamp").asLong() : null);
        }
        return many ? Answer.json(201, F.objectNode().put("count", items.size())) : Answer.json(201, rowJson(last));
    }

    private static ObjectNode validate(JsonNode item, List<Instant> times) {
        ObjectNode e = F.objectNode();
        if (!item.isObject()) {
            e.set("non_field_errors", F.arrayNode().add("Invalid data. Expected a dictionary, but got "
                + item.getNodeType().toString().toLowerCase() + "."));
            times.add(null);
            return e;
        }
        JsonNode stream = item.get("stream");
        if (stream == null || stream.isNull() || stream.asText().isEmpty()) {
            e.set("stream", F.arrayNode().add("This field is required."));
        } else if (!stream.asText().matches("s--[0-9a-f]{4}-[0-9a-f]{4}--[0-9a-f]{4}(-[0-9a-f]{4}){3}--[0-9a-f]{4}")) {
            e.set("stream", F.arrayNode().add("Ensure this field has no more than 39 characters."));
        }
        JsonNode ts = item.get("timestamp");
        Instant t = ts == null || ts.isNull() ? null : parseTime(ts.asText());
        if (ts == null || ts.isNull()) {
            e.set("timestamp", F.arrayNode().add("This field is required."));
        } else if (t == null) {
            e.set("timestamp", F.arrayNode().add("Datetime has wrong format. Use one of these formats instead:"
                + " YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
        }
        times.add(t);
        JsonNode iv = item.get("int_value");
        JsonNode v = item.get("value");
        boolean hasInt = iv != null && !iv.isNull();
        boolean hasValue = v != null && !v.isNull();
        if (hasInt && !iv.canConvertToLong()) {
            e.set("int_value", F.arrayNode().add("A valid integer is required."));
        } else if (hasInt && !iv.isIntegralNumber()) {
            e.set("int_value", F.arrayNode().add("A valid integer is required."));
        }
        if (e.size() == 0) {
            String type = item.path("type").asText("Num");
            if (!hasInt && !hasValue) {
                e.set("non_field_errors", F.arrayNode().add("Either int_value or value should be used"));
            } else if (hasInt && hasValue) {
                e.set("non_field_errors", F.arrayNode().add("Only int_value or value should be used"));
            } else if (hasInt && !type.equals("Num")) {
                e.set("non_field_errors", F.arrayNode().add("type should be 'Num' if int_value is used"));
            } else if (hasValue && !type.equals("ITR")) {
                e.set("non_field_errors", F.arrayNode().add("type should be 'ITR' if value is used"));
            }
        }
        return e;
    }

    // ------------------------------------------------------------------------------------------ paging

    private Answer list(List<JsonNode> all, HttpUrl url, int defaultSize, int maxSize) {
        int size = pageSize(url, defaultSize, maxSize);
        Integer pageNo = pageNumber(url, all.size(), size);
        if (pageNo == null) {
            return Answer.detail(404, "Invalid page.");
        }
        int from = (pageNo - 1) * size;
        return Answer.json(200, page(all.subList(Math.min(from, all.size()), Math.min(all.size(), from + size)),
            all.size(), pageNo, url, size));
    }

    private static int pageSize(HttpUrl url, int defaultSize, int maxSize) {
        String v = url.queryParameter("page_size");
        try {
            int n = v == null ? defaultSize : Integer.parseInt(v);
            return n < 1 ? defaultSize : Math.min(n, maxSize);
        } catch (NumberFormatException e) {
            return defaultSize;
        }
    }

    /** The 1-based page asked for, or null when it does not exist (DRF: 404 "Invalid page."). */
    private static Integer pageNumber(HttpUrl url, int count, int size) {
        int pages = Math.max(1, (count + size - 1) / size);
        String v = url.queryParameter("page");
        if (v == null) {
            return 1;
        }
        if (v.equals("last")) {
            return pages;
        }
        try {
            int n = Integer.parseInt(v);
            return n < 1 || n > pages ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ObjectNode page(List<JsonNode> results, int count, int pageNo, HttpUrl url, int size) {
        ObjectNode o = F.objectNode().put("count", count);
        int pages = Math.max(1, (count + size - 1) / size);
        if (pageNo < pages && pageLinks) {
            o.put("next", url.newBuilder().setQueryParameter("page", Integer.toString(pageNo + 1)).build().toString());
        } else {
            o.putNull("next");
        }
        if (pageNo > 1 && pageLinks) {
            HttpUrl.Builder prev = url.newBuilder();
            if (pageNo == 2) {
                prev.removeAllQueryParameters("page");
            } else {
                prev.setQueryParameter("page", Integer.toString(pageNo - 1));
            }
            o.put("previous", prev.build().toString());
        } else {
            o.putNull("previous");
        }
        ArrayNode r = o.putArray("results");
        results.forEach(r::add);
        return o;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
