package io.datapoint.connect.heedy.sim;

import java.util.List;

/**
 * A heedy event as the websocket sends it. Fields follow Go's {@code events.Event}: empty strings
 * and null pointers are left out; {@code tags} is present whenever the event was filled from an
 * object ({@code ""} when none).
 *
 * @param dataJson the already-encoded {@code data} value, or null
 */
record SimEvent(
        String event,
        String user,
        String app,
        String plugin,
        String key,
        String object,
        List<String> tags,
        String type,
        String dataJson) {

    static SimEvent forObject(String event, SimObject o, String dataJson) {
        return new SimEvent(
                event,
                o.owner,
                o.app == null ? "" : o.app,
                null,
                o.key(),
                o.id,
                o.tags(),
                o.type,
                dataJson);
    }

    String toJson() {
        StringBuilder b = new StringBuilder(160).append("{\"event\":");
        GoJson.writeString(b, event);
        field(b, "user", user);
        field(b, "app", app);
        if (plugin != null) {
            b.append(",\"plugin\":");
            GoJson.writeString(b, plugin);
        }
        if (key != null) {
            b.append(",\"key\":");
            GoJson.writeString(b, key);
        }
        field(b, "object", object);
        if (tags != null) {
            b.append(",\"tags\":");
            GoJson.writeString(b, String.join(" ", tags));
        }
        field(b, "type", type);
        if (dataJson != null) {
            b.append(",\"data\":").append(dataJson);
        }
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.append(",\"").append(name).append("\":");
            GoJson.writeString(b, value);
        }
    }
}
