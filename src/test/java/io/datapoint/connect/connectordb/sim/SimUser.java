package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.ConcurrentHashMap;

/** A user: credentials, profile fields and its devices. Field updates are guarded by this object's monitor. */
final class SimUser {
    final String name;
    final ConcurrentHashMap<String, SimDevice> devices = new ConcurrentHashMap<>();
    private String email;
    private String password;
    private String role = "user";
    private String nickname = "";
    private String description = "";
    private String icon = "";
    private boolean isPublic;

    SimUser(String name, String email, String password) {
        this.name = name;
        this.email = email;
        this.password = password;
    }

    synchronized String email() {
        return email;
    }

    synchronized boolean passwordMatches(String candidate) {
        return password.equals(candidate);
    }

    synchronized String role() {
        return role;
    }

    synchronized ObjectNode toJson() {
        ObjectNode n = GoJson.MAPPER.createObjectNode();
        n.put("name", name);
        n.put("nickname", nickname);
        n.put("email", email);
        n.put("description", description);
        n.put("icon", icon);
        n.put("role", role);
        n.put("public", isPublic);
        return n;
    }

    /** Applies a PUT field map; unknown fields are ignored. */
    synchronized void update(ObjectNode fields, boolean mayChangeRole) {
        if (fields.hasNonNull("email")) {
            email = fields.get("email").asText();
        }
        if (fields.hasNonNull("password")) {
            password = fields.get("password").asText();
        }
        if (fields.hasNonNull("nickname")) {
            nickname = fields.get("nickname").asText();
        }
        if (fields.hasNonNull("description")) {
            description = fields.get("description").asText();
        }
        if (fields.hasNonNull("icon")) {
            icon = fields.get("icon").asText();
        }
        if (fields.has("public")) {
            isPublic = fields.get("public").asBoolean();
        }
        if (fields.hasNonNull("role")) {
            if (!mayChangeRole) {
                throw SimError.op("Can't access this resource.");
            }
            role = fields.get("role").asText();
        }
    }
}
