package io.datapoint.connect.hexoskin.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Predicate;
import okhttp3.HttpUrl;

/** The resources of the simulated API, run under the simulator's lock for one request. */
final class SimResources {

    static final List<String> RESOURCES = List.of("account", "annotation", "data", "datatype", "range", "record",
        "user");
    private static final Set<String> ALL = Set.of("exact", "in", "gt", "gte", "lt", "lte", "range");
    /**
     * The largest request body: Django's default {@code DATA_UPLOAD_MAX_MEMORY_SIZE} (2.5 MiB), beyond which reading
     * the body fails with 400 [inference: Hexoskin runs Django with the default].
     */
    static final int MAX_BODY_BYTES = 2_621_440;
    private static final Set<String> CMP = Set.of("exact", "range", "gt", "gte", "lt", "lte");

    private static final Map<String, Set<String>> LIST_METHODS = Map.of("account", Set.of("GET"), "user",
        Set.of("GET"), "datatype", Set.of("GET"), "record", Set.of("GET", "POST"), "range", Set.of("GET", "POST",
            "PATCH"), "annotation", Set.of("GET", "POST", "PATCH"), "data", Set.of("GET"));
    private static final Map<String, Set<String>> DETAIL_METHODS = Map.of("account", Set.of(), "user",
        Set.of("GET", "PUT", "PATCH"), "datatype", Set.of("GET"), "record", Set.of("GET", "PUT", "PATCH", "DELETE"),
        "range", Set.of("GET", "PUT", "PATCH", "DELETE"), "annotation", Set.of("GET", "PUT", "PATCH", "DELETE"),
        "data", Set.of());

    private static final Map<String, Map<String, Set<String>>> FILTERS = Map.of(
        "user", Map.of("id", ALL, "email", Set.of("exact", "in", "startswith"), "username",
            Set.of("exact", "in", "startswith")),
        "account", Map.of(),
        "datatype", Map.of("id", ALL, "name", Set.of("exact", "contains", "in", "startswith", "endswith"), "freq",
            Set.of("exact", "in", "gt", "gte", "lt", "lte", "range", "isnull")),
        "record", Map.of("id", ALL, "user", ALL, "last_modified", ALL, "start", CMP, "end", CMP, "status",
            Set.of("exact", "in")),
        "annotation", Map.of("id", ALL, "user", ALL, "last_modified", ALL, "start", ALL, "datatype", ALL, "record",
            ALL),
        "range", Map.of("id", ALL, "user", ALL, "last_modified", ALL, "start", CMP, "end", CMP, "rank",
            Set.of("exact", "in", "gt", "gte", "lt", "lte", "range")));
    private static final Map<String, Set<String>> ORDERING = Map.of(
        "user", Set.of("id", "username", "email", "profile"), "account", Set.of("id", "username", "email", "profile"),
        "datatype", Set.of(), "record", Set.of("id", "start", "end", "device", "user", "last_modified"),
        "annotation", Set.of("id", "user", "record", "datatype", "start", "last_modified"),
        "range", Set.of("id", "start", "end", "user", "trainingroutine", "rank", "duration", "last_modified"));

    private final SimStore store;
    private final Clock clock;
    private final int maxValues;
    private final boolean endInclusive;
    private final String base;
    private final SimWrites.Rules writeRules;

    SimResources(SimStore store, Clock clock, int maxValues, boolean endInclusive, String base,
                 SimWrites.Rules writeRules) {
        this.store = store;
        this.clock = clock;
        this.maxValues = maxValues;
        this.endInclusive = endInclusive;
        this.base = base;
        this.writeRules = writeRules;
    }

    Answer handle(long caller, String method, String resource, String detail, HttpUrl url, String body)
        throws Answer.Failure {
        if (!LIST_METHODS.containsKey(resource)) {
            throw Answer.fail(404, "No resource named '" + resource + "'.");
        }
        if ("schema".equals(detail)) {
            return Answer.ok(schema(resource));
        }
        Set<String> allowed = detail == null ? LIST_METHODS.get(resource) : DETAIL_METHODS.get(resource);
        if (!allowed.contains(method)) {
            return Answer.error(405, "Method " + method + " is not allowed on " + (detail == null ? "the list" : "a"
                + " detail") + " of " + resource + ".").withHeader("Allow", String.join(",", allowed));
        }
        if (resource.equals("data")) {
            return data(caller, url);
        }
        try {
            if (method.equals("GET")) {
                List<ObjectNode> objects = objects(caller, resource, url);
                if (detail != null) {
                    for (ObjectNode o : objects) {
                        if (o.path("id").asText().equals(detail)) {
                            return Answer.ok(o);
                        }
                    }
                    throw Answer.fail(404, "Not found.");
                }
                return Answer.ok(ListQuery.answer(url, objects, FILTERS.get(resource), ORDERING.get(resource)));
            }
            if (method.equals("POST") || method.equals("PATCH") && detail == null) {
                if (!SimWrites.writable(resource)) {
                    return Answer.error(501, method + " on " + resource + " is not simulated");
                }
                if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                    return Answer.error(400, "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.");
                }
                SimWrites w = new SimWrites(store, clock, base, writeRules);
                JsonNode in = HexoskinSimulator.JSON.readTree(body);
                return method.equals("POST") ? w.create(caller, resource, in) : w.bulk(caller, resource, in);
            }
            if (method.equals("DELETE")) {
                Map<Long, ObjectNode> m = resource.equals("annotation") ? store.annotations : store.ranges;
                ObjectNode o = m.get(Long.parseLong(detail));
                if (o == null || !visible(caller, o.path("user").asText())) {
                    throw Answer.fail(404, "Not found.");
                }
                m.remove(Long.parseLong(detail));
                return new Answer(204, new byte[0], Map.of(), null);
            }
            return Answer.error(501, method + " is not simulated");
        } catch (ListQuery.Invalid e) {
            return Answer.error(400, e.getMessage());
        } catch (IOException | NumberFormatException e) {
            return Answer.error(400, "Malformed request: " + e.getMessage());
        }
    }

    private boolean visible(long caller, String userRef) {
        try {
            return store.users.get(caller).visible.contains(SimTimes.idOf(userRef));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String uri(String resource, long id) {
        return "/api/" + resource + "/" + id + "/";
    }

    /**
     * Narrows a listing of annotations or ranges by its user and start bounds before the generic filters run, so
     * that the sink's span lookups do not test every stored object against every filter. It only ever keeps more
     * than the filters do (they run afterwards on what it keeps); a value it cannot read leaves it to them.
     */
    private static Predicate<ObjectNode> narrowing(HttpUrl url) {
        Predicate<ObjectNode> keep = o -> true;
        try {
            // cheapest first: a number compare, then one string compare against the URI writes store
            String gte = url.queryParameter("start__gte");
            if (gte != null) {
                long min = Long.parseLong(gte.trim());
                keep = keep.and(o -> !o.path("start").isNumber() || o.path("start").asLong() >= min);
            }
            String lte = url.queryParameter("start__lte");
            if (lte != null) {
                long max = Long.parseLong(lte.trim());
                keep = keep.and(o -> !o.path("start").isNumber() || o.path("start").asLong() <= max);
            }
            String user = url.queryParameter("user");
            if (user != null) {
                String uri = uri("user", SimTimes.idOf(user));
                keep = keep.and(o -> o.path("user").asText().equals(uri));
            }
            return keep;
        } catch (RuntimeException unreadable) {
            return o -> true;
        }
    }

    private List<ObjectNode> objects(long caller, String resource, HttpUrl url) {
        Predicate<ObjectNode> narrow = narrowing(url);
        List<ObjectNode> out = new ArrayList<>();
        switch (resource) {
            case "account" -> out.add(user(store.users.get(caller), "account").put("is_staff", false));
            case "user" -> store.users.values().stream().filter(u -> store.users.get(caller).visible.contains(u.id))
                .forEach(u -> out.add(user(u, "user")));
            case "datatype" -> store.datatypes.values().forEach(d -> {
                ObjectNode o = HexoskinSimulator.JSON.createObjectNode().put("id", d.id()).put("dataid", d.id())
                    .put("name", d.name()).put("info", d.info()).put("resource_uri", uri("datatype", d.id()))
                    .put("unit", "/api/unit/1/").put("unit_raw", "/api/unit/1/");
                if (d.freq() == null) {
                    o.putNull("freq").putNull("hexo_freq");
                } else {
                    o.put("freq", d.freq().intValue()).put("hexo_freq", (int) Math.round(256 / d.freq()));
                }
                out.add(o);
            });
            case "record" -> store.records.values().stream()
                .filter(r -> store.users.get(caller).visible.contains(r.user)).forEach(r -> out.add(record(r)));
            // not copied: the answer is serialized under the simulator's lock, before any write can change them
            case "annotation" -> store.annotations.values().stream().filter(narrow)
                .filter(a -> visible(caller, a.path("user").asText())).forEach(out::add);
            case "range" -> store.ranges.values().stream().filter(narrow)
                .filter(a -> visible(caller, a.path("user").asText())).forEach(out::add);
            default -> {
            }
        }
        return out;
    }

    private static ObjectNode user(SimStore.User u, String resource) {
        return HexoskinSimulator.JSON.createObjectNode().put("id", u.id).put("email", u.email)
            .put("username", u.email).put("first_name", "").put("last_name", "").putNull("profile")
            .put("resource_uri", uri(resource, u.id));
    }

    private static ObjectNode record(SimStore.Rec r) {
        return HexoskinSimulator.JSON.createObjectNode().put("id", r.id).put("user", uri("user", r.user))
            .put("start", r.start).put("end", r.end).put("device_start", r.start)
            .put("start_date", SimTimes.format(Instant.ofEpochMilli(r.start * 1000 / 256)))
            .put("last_modified", SimTimes.format(r.lastModified)).put("status", r.status)
            .put("duration", Long.toString((r.end - r.start) / 256)).putNull("device").put("soft_uid", "")
            .put("resource_uri", uri("record", r.id));
    }

    private Long userRef(JsonNode ref) {
        return SimWrites.userRef(store, ref);
    }

    /** {@code GET /api/data/}. */
    private Answer data(long caller, HttpUrl url) throws Answer.Failure {
        Long user = url.queryParameter("user") == null ? null : userRef(HexoskinSimulator.JSON.getNodeFactory()
            .textNode(url.queryParameter("user")));
        SimStore.Rec rec = null;
        if (url.queryParameter("record") != null) {
            rec = store.records.get(Long.parseLong(url.queryParameter("record")));
            if (rec == null || !store.users.get(caller).visible.contains(rec.user)) {
                throw Answer.fail(404, "Record " + url.queryParameter("record") + " not found.");
            }
            if (user != null && user != rec.user) {
                return Answer.ok(HexoskinSimulator.JSON.createArrayNode());
            }
            user = rec.user;
        }
        if (user == null || url.queryParameter("start") == null && rec == null) {
            throw Answer.fail(400, "Specify a user with a time range (start, end), a record or a range.");
        }
        if (!store.users.containsKey(user) || !store.users.get(caller).visible.contains(user)) {
            throw Answer.fail(404, "User not found.");
        }
        List<Integer> types = new ArrayList<>();
        if (url.queryParameter("datatype") != null) {
            types.add(Integer.parseInt(url.queryParameter("datatype")));
        }
        if (url.queryParameter("datatype__in") != null) {
            for (String s : url.queryParameter("datatype__in").split(",")) {
                types.add(Integer.parseInt(s.trim()));
            }
        }
        if (types.isEmpty()) {
            throw Answer.fail(400, "Specify datatype or datatype__in.");
        }
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        if (rec != null) {
            lo = rec.start;
            hi = rec.end;
        }
        if (url.queryParameter("start") != null) {
            lo = Math.max(lo, Long.parseLong(url.queryParameter("start")));
        }
        if (url.queryParameter("end") != null) {
            long e = Long.parseLong(url.queryParameter("end"));
            hi = Math.min(hi, endInclusive ? e : e - 1);
        }
        int cap = maxValues;
        if (url.queryParameter("max_values") != null) {
            cap = Math.min(cap, Integer.parseInt(url.queryParameter("max_values")));
        }
        boolean flat = "1".equals(url.queryParameter("flat"));
        boolean noTs = "1".equals(url.queryParameter("no_timestamps"));
        ObjectNode byType = HexoskinSimulator.JSON.createObjectNode();
        ArrayNode flatOut = null;
        for (int t : types) {
            NavigableMap<Long, Double> s = store.series(user, t);
            List<Map.Entry<Long, Double>> in = lo > hi ? List.of() : new ArrayList<>(s.subMap(lo, true, hi, true)
                .entrySet());
            if (in.size() > cap) {
                // subsampled to the cap, as the real server does
                List<Map.Entry<Long, Double>> sub = new ArrayList<>(cap);
                for (int i = 0; i < cap; i++) {
                    sub.add(in.get((int) ((long) i * in.size() / cap)));
                }
                in = sub;
            }
            ArrayNode points = HexoskinSimulator.JSON.createArrayNode();
            for (Map.Entry<Long, Double> e : in) {
                double v = e.getValue();
                if (noTs) {
                    addNumber(points, v);
                } else {
                    ArrayNode p = points.addArray().add(e.getKey());
                    addNumber(p, v);
                }
            }
            byType.set(Integer.toString(t), points);
            flatOut = points;
        }
        if (flat) {
            return Answer.ok(flatOut);
        }
        ArrayNode out = HexoskinSimulator.JSON.createArrayNode();
        out.addObject().put("user", uri("user", user)).set("data", byType);
        return Answer.ok(out);
    }

    private static void addNumber(ArrayNode a, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            a.add((long) v);
        } else {
            a.add(v);
        }
    }

    private static ObjectNode schema(String resource) {
        ObjectNode o = HexoskinSimulator.JSON.createObjectNode();
        o.putArray("allowed_list_http_methods");
        LIST_METHODS.get(resource).forEach(m -> o.withArray("allowed_list_http_methods").add(m.toLowerCase()));
        o.putArray("allowed_detail_http_methods");
        DETAIL_METHODS.get(resource).forEach(m -> o.withArray("allowed_detail_http_methods").add(m.toLowerCase()));
        o.put("default_format", "application/json").put("default_limit", ListQuery.DEFAULT_LIMIT);
        ObjectNode f = o.putObject("filtering");
        FILTERS.getOrDefault(resource, Map.of()).forEach((k, v) -> {
            ArrayNode a = f.putArray(k);
            v.forEach(a::add);
        });
        ArrayNode ord = o.putArray("ordering");
        ORDERING.getOrDefault(resource, Set.of()).forEach(ord::add);
        o.putObject("fields");
        return o;
    }
}
