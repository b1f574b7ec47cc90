package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.ConcurrentHashMap;

/** A device: its API key, permission role, profile fields and streams. Guarded by this object's monitor. */
final class SimDevice {
    final String user;
    final String name;
    final ConcurrentHashMap<String, SimStream> streams = new ConcurrentHashMap<>();
    private String apiKey;
    private String role;
    private String nickname = "";
    private String description = "";
    private String icon = "";
    private boolean enabled = true;
    private boolean isPublic;
    private boolean visible = true;
    private boolean userEditable = true;

    SimDevice(String user, String name, String apiKey, String role) {
        this.user = user;
        this.name = name;
        this.apiKey = apiKey;
        this.role = role;
    }

    String path() {
        return user + "/" + name;
    }

    synchronized String apiKey() {
        return apiKey;
    }

    synchronized void apiKey(String key) {
        apiKey = key;
    }

    synchronized String role() {
        return role;
    }

    synchronized void role(String newRole) {
        role = newRole;
    }

    synchronized boolean isPublic() {
        return isPublic;
    }

    synchronized ObjectNode toJson(boolean showKey) {
        ObjectNode n = GoJson.MAPPER.createObjectNode();
        n.put("name", name);
        n.put("nickname", nickname);
        n.put("description", description);
        n.put("icon", icon);
        n.put("apikey", showKey ? apiKey : "");
        n.put("enabled", enabled);
        n.put("public", isPublic);
        n.put("role", role);
        n.put("visible", visible);
        n.put("user_editable", userEditable);
        return n;
    }

    /** Applies create/PUT fields other than {@code apikey}, {@code streams} and {@code name}. */
    synchronized void update(ObjectNode f, boolean mayChangeRole) {
        if (f.hasNonNull("nickname")) {
            nickname = f.get("nickname").asText();
        }
        if (f.hasNonNull("description")) {
            description = f.get("description").asText();
        }
        if (f.hasNonNull("icon")) {
            icon = f.get("icon").asText();
        }
        if (f.has("enabled")) {
            enabled = f.get("enabled").asBoolean();
        }
        if (f.has("public")) {
            isPublic = f.get("public").asBoolean();
        }
        if (f.has("visible")) {
            visible = f.get("visible").asBoolean();
        }
        if (f.has("user_editable")) {
            userEditable = f.get("user_editable").asBoolean();
        }
        if (f.hasNonNull("role") && !f.get("role").asText().equals(role)) {
            if (!mayChangeRole) {
                throw SimError.op("Can't access this resource.");
            }
            role = f.get("role").asText();
        }
    }
}
