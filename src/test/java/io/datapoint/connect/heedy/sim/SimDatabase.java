package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's in-memory heedy database: apps, objects, their data, heedy's access rules for
 * apps ({@code AppDB.GetObjectAccess}) and the events that mutations fire.
 */
final class SimDatabase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SimApp> appsByToken = new ConcurrentHashMap<>();
    private final Map<String, SimApp> appsById = new ConcurrentHashMap<>();

    /** Creation order kept for stable listings; guarded by itself. */
    private final Map<String, SimObject> objects = new LinkedHashMap<>();

    final EventHub events;

    SimDatabase(EventHub events) {
        this.events = events;
    }

    // ---------------------------------------------------------------- apps

    SimApp createApp(String owner, String scopes) {
        byte[] raw = new byte[15];
        RANDOM.nextBytes(raw);
        String token = Base64.getEncoder().encodeToString(raw); // 20 chars, may hold + and /
        SimApp app = new SimApp(UUID.randomUUID().toString(), owner, token, scopes);
        appsByToken.put(token, app);
        appsById.put(app.id, app);
        return app;
    }

    SimApp appByToken(String token) {
        return appsByToken.get(token);
    }

    SimApp appById(String id) {
        return appsById.get(id);
    }

    // ---------------------------------------------------------------- objects

    SimObject object(String id) {
        synchronized (objects) {
            return objects.get(id);
        }
    }

    List<SimObject> objects() {
        synchronized (objects) {
            return new ArrayList<>(objects.values());
        }
    }

    /** Creates an object; enforces heedy's UNIQUE(key, app) constraint. Fires object_create. */
    SimObject createObject(
            String type,
            String owner,
            String app,
            String name,
            String description,
            String key,
            List<String> tags,
            List<String> ownerScope,
            ObjectNode meta,
            String icon) {
        SimObject o = new SimObject(UUID.randomUUID().toString(), type, owner, app, name);
        if (description != null) {
            o.description(description);
        }
        if (icon != null) {
            o.icon(icon);
        }
        o.tags(tags == null ? List.of() : tags);
        if (ownerScope != null) {
            o.ownerScope(ownerScope);
        }
        if (meta != null) {
            o.meta(meta);
        }
        synchronized (objects) {
            checkUniqueKey(key, app, null);
            o.key(key);
            objects.put(o.id, o);
        }
        events.fire(SimEvent.forObject("object_create", o, null));
        return o;
    }

    /**
     * heedy's objects table has UNIQUE(key, app); sqlite's text comes back as a 400 server_error.
     * Call under lock.
     */
    private void checkUniqueKey(String key, String app, String exceptId) {
        if (key == null || app == null) {
            return; // SQL NULLs never collide
        }
        for (SimObject other : objects.values()) {
            if (!other.id.equals(exceptId) && key.equals(other.key()) && app.equals(other.app)) {
                throw new HeedyError(400, "UNIQUE constraint failed: objects.key, objects.app");
            }
        }
    }

    /** Sets a key under the uniqueness check. */
    void changeKey(SimObject o, String key) {
        synchronized (objects) {
            checkUniqueKey(key, o.app, o.id);
            o.key(key);
        }
    }

    SimObject removeObject(String id) {
        SimObject o;
        synchronized (objects) {
            o = objects.remove(id);
        }
        if (o != null) {
            o.data.clear();
            events.fire(SimEvent.forObject("object_delete", o, null));
        }
        return o;
    }

    // ---------------------------------------------------------------- access

    /**
     * The caller's computed access to an object (heedy's {@code access} field); empty for the
     * public.
     */
    List<String> access(SimApp app, SimObject o) {
        if (app == null) {
            return List.of();
        }
        if (o.app != null && o.app.equals(app.id)) {
            if (app.hasScope("self.objects") || app.hasScope("self.objects." + o.type)) {
                return List.of("*");
            }
            return listed(app, "self.objects");
        }
        if (!o.owner.equals(app.owner)) {
            return List.of(); // sharing is not simulated
        }
        List<String> base = o.app == null ? o.ownerScope() : List.of("*");
        if (base.contains("*")) {
            if (app.hasScope("objects") || app.hasScope("objects." + o.type)) {
                return List.of("*");
            }
            return listed(app, "objects");
        }
        List<String> out = new ArrayList<>();
        for (String v : base) {
            if (app.hasScope("objects:" + v) || app.hasScope("objects." + o.type + ":" + v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<String> listed(SimApp app, String prefix) {
        List<String> out = new ArrayList<>();
        for (String s : app.scopes) {
            int colon = s.indexOf(':');
            if (colon < 0 || colon == s.length() - 1) {
                continue;
            }
            String head = s.substring(0, colon);
            if (head.equals(prefix) || head.startsWith(prefix + ".")) {
                out.add(s.substring(colon + 1));
            }
        }
        return out;
    }

    static boolean has(List<String> access, String scope) {
        return access.contains("*") || access.contains(scope);
    }

    /** The object if the caller may read it, else null (heedy then answers not_found). */
    SimObject readable(SimApp app, String id) {
        SimObject o = object(id);
        return o != null && has(access(app, o), "read") ? o : null;
    }

    // ---------------------------------------------------------------- data

    /**
     * A timeseries write as heedy's WriteData does it after the request is decoded: schema
     * validation (unless {@code validate} is false), the atomic insert, then {@code object_update}
     * on the first write of a day and {@code timeseries_data_write} with {@code {t1,t2,count}}.
     */
    void writeData(SimObject o, List<Datapoint> batch, String method, boolean validate) {
        if (validate) {
            Schema schema;
            try {
                schema = o.dataSchema();
            } catch (RuntimeException invalidSchema) {
                throw new HeedyError(500, "bad_schema: the timeseries schema is invalid");
            }
            if (schema != null) {
                for (Datapoint dp : batch) {
                    if (!schema.validate(dp.d()).isEmpty()) {
                        throw HeedyError.badQuery("The data failed schema validation");
                    }
                }
            }
        }
        if (!List.of("update", "insert", "append").contains(method)) {
            throw HeedyError.badQuery("Unrecognized insert method");
        }
        o.data.write(batch, method);
        if (batch.isEmpty()) {
            return;
        }
        if (o.touchModified(LocalDate.now(ZoneOffset.UTC))) {
            events.fire(SimEvent.forObject("object_update", o, null));
        }
        StringBuilder data =
                new StringBuilder(64)
                        .append("{\"t1\":")
                        .append(GoJson.formatEncodingJson(batch.get(0).t()))
                        .append(",\"t2\":")
                        .append(GoJson.formatEncodingJson(batch.get(batch.size() - 1).end()))
                        .append(",\"count\":")
                        .append(batch.size())
                        .append('}');
        events.fire(SimEvent.forObject("timeseries_data_write", o, data.toString()));
    }

    /** A delete, firing {@code timeseries_data_delete} with the query echoed back. */
    void deleteData(SimObject o, TimeseriesQuery q, long nowNanos) {
        o.data.delete(q, nowNanos);
        StringBuilder data = new StringBuilder(96).append("{\"timeseries\":");
        GoJson.writeString(data, o.id);
        echo(data, "t1", q.t1());
        echo(data, "t2", q.t2());
        echo(data, "i1", q.i1());
        echo(data, "i2", q.i2());
        echo(data, "t", q.t());
        echo(data, "i", q.i());
        data.append(",\"actions\":false}");
        events.fire(SimEvent.forObject("timeseries_data_delete", o, data.toString()));
    }

    private static void echo(StringBuilder b, String name, Object value) {
        if (value == null) {
            return;
        }
        b.append(",\"").append(name).append("\":");
        if (value instanceof String s) {
            GoJson.writeString(b, s);
        } else {
            b.append(value);
        }
    }
}
