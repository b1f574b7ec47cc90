package io.datapoint.connect.hexoskin.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The simulator's in-memory state. Guarded by the simulator's lock. */
final class SimStore {

    /** A user account. */
    static final class User {
        final long id;
        final String email;
        final String password;
        final Set<Long> visible = ConcurrentHashMap.newKeySet();

        User(long id, String email, String password) {
            this.id = id;
            this.email = email;
            this.password = password;
            visible.add(id);
        }
    }

    /** A record (recording session). */
    static final class Rec {
        final long id;
        final long user;
        long start;
        long end;
        String status;
        Instant lastModified;

        Rec(long id, long user, long start, long end, String status, Instant lastModified) {
            this.id = id;
            this.user = user;
            this.start = start;
            this.end = end;
            this.status = status;
            this.lastModified = lastModified;
        }
    }

    /** A datatype. */
    record Datatype(int id, String name, Double freq, String info) {
    }

    /** An OAuth2 client, owned by a user (the password grant only logs in that user). */
    record OAuthClient(String id, String secret, long owner) {
    }

    /** An issued access token. */
    record Token(String access, String refresh, long user, Instant expires) {
    }

    final Map<Long, User> users = new LinkedHashMap<>();
    final Map<String, String> apiKeys = new LinkedHashMap<>();
    final Map<String, OAuthClient> clients = new LinkedHashMap<>();
    final Map<String, Token> tokens = new LinkedHashMap<>();
    final Map<String, Token> refreshTokens = new LinkedHashMap<>();
    final Map<Integer, Datatype> datatypes = new LinkedHashMap<>();
    final Map<Long, Rec> records = new LinkedHashMap<>();
    /** Samples per user, per datatype, by tick. */
    final Map<Long, Map<Integer, NavigableMap<Long, Double>>> data = new LinkedHashMap<>();
    final Map<Long, ObjectNode> annotations = new LinkedHashMap<>();
    final Map<Long, ObjectNode> ranges = new LinkedHashMap<>();
    long nextId = 1000;

    long newId() {
        return nextId++;
    }

    NavigableMap<Long, Double> series(long user, int datatype) {
        return data.computeIfAbsent(user, u -> new LinkedHashMap<>()).computeIfAbsent(datatype, d -> new TreeMap<>());
    }

    User userByEmail(String email) {
        for (User u : users.values()) {
            if (u.email.equalsIgnoreCase(email)) {
                return u;
            }
        }
        return null;
    }

    List<Rec> recordsOf(long user) {
        List<Rec> out = new ArrayList<>();
        for (Rec r : records.values()) {
            if (r.user == user) {
                out.add(r);
            }
        }
        return out;
    }
}
