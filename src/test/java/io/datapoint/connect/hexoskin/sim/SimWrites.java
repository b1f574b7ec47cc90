package io.datapoint.connect.hexoskin.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator.Answer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes to annotations and ranges, run under the simulator's lock: {@code POST /api/<resource>/} creates one
 * object (201, {@code Location}, the object as body); {@code PATCH /api/<resource>/} with {@code {"objects": [...],
 * "deleted_objects": ["<uri>", ...]}} is Tastypie's bulk request: an object without {@code resource_uri} is created,
 * one with the URI of a stored object updates the fields it carries, each deleted URI is deleted. A bulk request is
 * all or nothing: every object is validated (and the caller's right to write for its user checked) before anything is
 * stored; one bad object fails the whole request with 400 whose body names the field, not the object. Success is
 * {@code 202 Accepted} with no body, or with {@code {"objects": [...]}} when the resource returns data (Tastypie's
 * {@code always_return_data}). Strict like a real server: unknown fields and missing required fields are a 400.
 *
 * <p>Not simulated: Tastypie's create-via-PUT of an object whose {@code resource_uri} names nothing (404 here).
 */
final class SimWrites {

    /** Fields a client may send, per resource (SCHEMA of {@code shared/protocols/hexoskin.md}). */
    private static final Map<String, Set<String>> WRITABLE = Map.of(
        "annotation", Set.of("annotation", "datatype", "id", "last_modified", "record", "start", "user"),
        "range", Set.of("end", "name", "note", "parent", "rank", "start", "user"));
    /** Read-only fields: accepted and ignored, as Tastypie does (a GET's object can be sent back). */
    private static final Map<String, Set<String>> READ_ONLY = Map.of(
        "annotation", Set.of("resource_uri", "start_date"),
        "range", Set.of("activitytype", "created", "duration", "end_date", "id", "last_modified", "metrics",
            "ranges", "resource_uri", "start_date", "status", "trainingroutine"));

    /**
     * How the server takes writes, set by tests.
     *
     * @param bulkAllowed     whether {@code PATCH} of a list is allowed (405 otherwise)
     * @param bulkReturnsData whether a bulk request answers with its objects (Tastypie's {@code always_return_data})
     * @param refusedText     annotation texts containing this are refused as invalid (400); null for none
     */
    record Rules(boolean bulkAllowed, boolean bulkReturnsData, String refusedText) {
        static final Rules DEFAULT = new Rules(true, false, null);
    }

    private final SimStore store;
    private final Clock clock;
    private final String base;
    private final Rules rules;

    SimWrites(SimStore store, Clock clock, String base, Rules rules) {
        this.store = store;
        this.clock = clock;
        this.base = base;
        this.rules = rules;
    }

    static boolean writable(String resource) {
        return WRITABLE.containsKey(resource);
    }

    /** {@code POST /api/<resource>/}. */
    Answer create(long caller, String resource, JsonNode body) throws Answer.Failure {
        if (!(body instanceof ObjectNode in)) {
            throw Answer.fail(400, "The body must be a JSON object.");
        }
        Checked c = check(caller, resource, in, null);
        ObjectNode o = store(resource, c, null);
        return Answer.json(201, o).withHeader("Location", base + uri(resource, o.path("id").asLong()));
    }

    /** {@code PATCH /api/<resource>/}: Tastypie's bulk request, all or nothing. */
    Answer bulk(long caller, String resource, JsonNode body) throws Answer.Failure {
        if (!rules.bulkAllowed()) {
            throw new Answer.Failure(Answer.error(405, "Method PATCH is not allowed on the list of " + resource
                + ".").withHeader("Allow", "GET,POST"));
        }
        if (!(body instanceof ObjectNode in) || !in.has("objects") && !in.has("deleted_objects")) {
            throw Answer.fail(400, "Invalid data sent: expected {\"objects\": [...]} and/or {\"deleted_objects\":"
                + " [...]}.");
        }
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (!n.equals("objects") && !n.equals("deleted_objects")) {
                throw Answer.fail(400, "Invalid data sent: unknown key '" + n + "'.");
            }
        }
        JsonNode objects = in.path("objects");
        JsonNode deleted = in.path("deleted_objects");
        if (in.has("objects") && !objects.isArray() || in.has("deleted_objects") && !deleted.isArray()) {
            throw Answer.fail(400, "Invalid data sent: objects and deleted_objects must be lists.");
        }
        // validate everything before storing anything
        List<Checked> plan = new ArrayList<>();
        List<ObjectNode> targets = new ArrayList<>();
        for (JsonNode o : objects) {
            if (!(o instanceof ObjectNode obj)) {
                throw Answer.fail(400, "Invalid data sent: each of objects must be a JSON object.");
            }
            ObjectNode existing = obj.hasNonNull("resource_uri") ? stored(caller, resource,
                obj.get("resource_uri").asText()) : null;
            plan.add(check(caller, resource, obj, existing));
            targets.add(existing);
        }
        Set<Long> gone = new LinkedHashSet<>();
        for (JsonNode uri : deleted) {
            gone.add(stored(caller, resource, uri.asText()).path("id").asLong());
        }
        ArrayNode out = HexoskinSimulator.JSON.createArrayNode();
        for (int i = 0; i < plan.size(); i++) {
            out.add(store(resource, plan.get(i), targets.get(i)).deepCopy());
        }
        gone.forEach(id -> map(resource).remove(id));
        if (!rules.bulkReturnsData()) {
            return new Answer(202, new byte[0], Map.of(), null);
        }
        ObjectNode b = HexoskinSimulator.JSON.createObjectNode();
        b.set("objects", out);
        return Answer.json(202, b);
    }

    private Map<Long, ObjectNode> map(String resource) {
        return resource.equals("annotation") ? store.annotations : store.ranges;
    }

    /** The stored, visible object a URI names; 404 otherwise. */
    private ObjectNode stored(long caller, String resource, String uri) throws Answer.Failure {
        ObjectNode o;
        try {
            o = uri.startsWith("/api/" + resource + "/") ? map(resource).get(SimTimes.idOf(uri)) : null;
        } catch (RuntimeException e) {
            o = null;
        }
        if (o == null || !store.users.get(caller).visible.contains(SimTimes.idOf(o.path("user").asText()))) {
            throw Answer.fail(404, "No " + resource + " at " + uri + ".");
        }
        return o;
    }

    /** A validated object: the fields to store, with the user and datatype resolved. */
    private record Checked(ObjectNode fields, long user, Long datatype) {
    }

    /** Validates one object (merged over {@code existing} for an update); 400 or 403 for the whole request. */
    private Checked check(long caller, String resource, ObjectNode in, ObjectNode existing) throws Answer.Failure {
        Map<String, String> errors = new LinkedHashMap<>();
        ObjectNode f = HexoskinSimulator.JSON.createObjectNode();
        if (existing != null) {
            WRITABLE.get(resource).forEach(k -> {
                if (existing.has(k)) {
                    f.set(k, existing.get(k));
                }
            });
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (WRITABLE.get(resource).contains(e.getKey())) {
                f.set(e.getKey(), e.getValue());
            } else if (!READ_ONLY.get(resource).contains(e.getKey())) {
                errors.put(e.getKey(), "Unknown field.");
            }
        }
        if (!f.path("start").isIntegralNumber()) {
            errors.put("start", "This field is required and must be an integer.");
        }
        Long user = userRef(f.get("user"));
        if (user == null) {
            errors.put("user", "This field is required: a user URI, id or e-mail.");
        }
        Long datatype = null;
        if (resource.equals("annotation") && f.hasNonNull("datatype")) {
            try {
                datatype = SimTimes.idOf(f.get("datatype").asText());
            } catch (RuntimeException e) {
                datatype = -1L;
            }
            if (!store.datatypes.containsKey(datatype.intValue())) {
                errors.put("datatype", "Datatype " + f.get("datatype").asText() + " does not exist.");
            }
        }
        if (resource.equals("annotation") && f.hasNonNull("record")) {
            try {
                SimTimes.idOf(f.get("record").asText());
            } catch (RuntimeException e) {
                errors.put("record", "Not a record URI or id.");
            }
        }
        if (resource.equals("range") && f.hasNonNull("end") && !f.path("end").isIntegralNumber()) {
            errors.put("end", "Must be an integer.");
        }
        if (resource.equals("annotation") && f.path("annotation").asText("").length() > 1024) {
            errors.put("annotation", "Ensure this field has no more than 1024 characters.");
        }
        if (resource.equals("annotation") && rules.refusedText() != null
            && f.path("annotation").asText("").contains(rules.refusedText())) {
            errors.put("annotation", "This text is not accepted.");
        }
        if (!errors.isEmpty()) {
            ObjectNode e = HexoskinSimulator.JSON.createObjectNode();
            ObjectNode fields = e.putObject(resource);
            errors.forEach((k, v) -> fields.putArray(k).add(v));
            throw new Answer.Failure(Answer.json(400, e));
        }
        if (!store.users.get(caller).visible.contains(user)) {
            throw Answer.fail(403, "You may not write for user " + user + ".");
        }
        return new Checked(f, user, datatype);
    }

    /** Stores a checked object as a new one, or over {@code existing}; returns it as served. */
    private ObjectNode store(String resource, Checked c, ObjectNode existing) {
        ObjectNode in = c.fields();
        long id = existing != null ? existing.path("id").asLong() : store.newId();
        long start = in.get("start").asLong();
        ObjectNode o = HexoskinSimulator.JSON.createObjectNode().put("id", id).put("user", uri("user", c.user()))
            .put("start", start).put("start_date", SimTimes.format(Instant.ofEpochMilli(start * 1000 / 256)))
            .put("last_modified", SimTimes.format(clock.instant())).put("resource_uri", uri(resource, id));
        if (resource.equals("annotation")) {
            o.put("annotation", in.path("annotation").asText(""));
            if (c.datatype() != null) {
                o.put("datatype", uri("datatype", c.datatype()));
            } else {
                o.putNull("datatype");
            }
            o.set("record", in.hasNonNull("record") ? HexoskinSimulator.JSON.getNodeFactory()
                .textNode(uri("record", SimTimes.idOf(in.get("record").asText()))) : null);
        } else {
            o.put("name", in.path("name").asText("")).put("note", in.path("note").asText(""))
                .put("rank", in.path("rank").asInt(0)).put("status", "complete")
                .put("created", existing != null ? existing.path("created").asText()
                    : SimTimes.format(clock.instant()));
            if (in.hasNonNull("end")) {
                o.put("end", in.get("end").asLong());
            } else {
                o.putNull("end");
            }
        }
        map(resource).put(id, o);
        return o;
    }

    private Long userRef(JsonNode ref) {
        return userRef(store, ref);
    }

    /** A user given as URI, id or e-mail: its id, -1 for an unknown e-mail, null when missing or malformed. */
    static Long userRef(SimStore store, JsonNode ref) {
        if (ref == null || ref.isNull()) {
            return null;
        }
        String s = ref.asText();
        if (s.contains("@")) {
            SimStore.User u = store.userByEmail(s);
            return u == null ? -1L : u.id;
        }
        try {
            return SimTimes.idOf(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String uri(String resource, long id) {
        return "/api/" + resource + "/" + id + "/";
    }
}
