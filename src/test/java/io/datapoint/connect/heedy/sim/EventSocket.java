package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import okio.ByteString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server side of one {@code /api/events} websocket.
 *
 * <p>Reproduces heedy's STICKY-FIELD quirk: every client message is decoded into one reused struct,
 * so a field absent from a message (or a JSON {@code null} for a string field) keeps its previous
 * value, {@code cmd} included. The pointer fields {@code key}, {@code plugin} and {@code tags} are
 * even shared with the subscriptions already made: a later message that sets {@code key} changes
 * the key filter of earlier subscriptions that took the same pointer (Go's decoder writes through a
 * non-nil pointer), while {@code null} detaches the pointer.
 *
 * <p>There are no acks. Any error closes the socket with 1011 and the error text.
 */
final class EventSocket extends WebSocketListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON_BYTES = 123;

    /**
     * A Go pointer target: shared between the reused struct and subscriptions made while it was
     * set.
     */
    private static final class Cell<T> {
        volatile T value;

        Cell(T value) {
            this.value = value;
        }
    }

    private record Subscription(
            String event,
            String user,
            String app,
            String object,
            String type,
            Cell<String> plugin,
            Cell<String> key,
            Cell<List<String>> tags) {

        boolean sameFilter(Subscription o) {
            return app.equals(o.app)
                    && object.equals(o.object)
                    && sameCell(plugin, o.plugin)
                    && sameCell(key, o.key)
                    && user.equals(o.user)
                    && type.equals(o.type)
                    && sameTags(tags, o.tags);
        }

        boolean matches(SimEvent e) {
            if (!event.isEmpty() && !event.equals("*") && !event.equals(e.event())) {
                return false;
            }
            if (!wild(app) && !app.equals(nz(e.app()))) {
                return false;
            }
            List<String> want = tags == null ? null : tags.value;
            if (want != null
                    && !want.isEmpty()
                    && (e.tags() == null || !new HashSet<>(e.tags()).containsAll(want))) {
                return false;
            }
            if (!wild(object) && !object.equals(nz(e.object()))) {
                return false;
            }
            if (plugin != null && (e.plugin() == null || !plugin.value.equals(e.plugin()))) {
                return false;
            }
            if (key != null && (e.key() == null || !key.value.equals(e.key()))) {
                return false;
            }
            if (!wild(type) && !type.equals(nz(e.type()))) {
                return false;
            }
            return wild(user) || user.equals(nz(e.user()));
        }

        private static boolean wild(String s) {
            return s.isEmpty() || s.equals("*");
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }

        private static <T> boolean sameCell(Cell<T> a, Cell<T> b) {
            return a == b || a != null && b != null && a.value.equals(b.value);
        }

        private static boolean sameTags(Cell<List<String>> a, Cell<List<String>> b) {
            return a == b
                    || a != null
                            && b != null
                            && a.value.size() == b.value.size()
                            && new HashSet<>(a.value).containsAll(b.value);
        }
    }

    private final SimDatabase db;
    private final SimApp app;
    private final EventHub hub;
    private volatile WebSocket socket;
    private volatile boolean closed;

    // The reused decode target (Go: `var msg wsMessage` outside the read loop).
    private String cmd = "";
    private String event = "";
    private String user = "";
    private String appFilter = "";
    private String object = "";
    private String type = "";
    private Cell<String> plugin;
    private Cell<String> key;
    private Cell<List<String>> tags;

    private final List<Subscription> subscriptions = new ArrayList<>();

    EventSocket(SimDatabase db, SimApp app, EventHub hub) {
        this.db = db;
        this.app = app;
        this.hub = hub;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        this.socket = webSocket;
        hub.add(this);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        try {
            decodeInto(text);
            handleCommand();
        } catch (HeedyError e) {
            closeWithError(e.getMessage());
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        closeWithError("failed to read JSON message: expected text message but got MessageBinary");
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        hub.remove(this);
        closed = true;
        webSocket.close(1000, null);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        hub.remove(this);
        closed = true;
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        hub.remove(this);
        closed = true;
    }

    void send(String json) {
        WebSocket ws = socket;
        if (ws != null && !closed) {
            ws.send(json);
        }
    }

    void closeWithError(String reason) {
        hub.remove(this);
        WebSocket ws = socket;
        if (ws != null && !closed) {
            closed = true;
            ws.close(1011, truncate(reason));
        }
    }

    /**
     * Number of this socket's subscriptions that match (overlapping subscriptions each deliver).
     */
    synchronized int matchCount(SimEvent e) {
        int n = 0;
        for (Subscription s : subscriptions) {
            if (s.matches(e)) {
                n++;
            }
        }
        return n;
    }

    private void decodeInto(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new HeedyError(
                    1011,
                    "failed to read JSON message: failed to unmarshal JSON: invalid character");
        }
        if (root == null || root.isNull()) {
            return; // Go: null into a struct is a no-op
        }
        if (!root.isObject()) {
            throw new HeedyError(
                    1011,
                    "failed to read JSON message: failed to unmarshal JSON: json: cannot unmarshal "
                            + GoJson.kind(root)
                            + " into Go value of type server.wsMessage");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            String name =
                    f.getKey()
                            .toLowerCase(Locale.ROOT); // Go matches field names case-insensitively
            switch (name) {
                case "cmd" -> cmd = stringField(name, v, cmd);
                case "event" -> event = stringField(name, v, event);
                case "user" -> user = stringField(name, v, user);
                case "app" -> appFilter = stringField(name, v, appFilter);
                case "object" -> object = stringField(name, v, object);
                case "type" -> type = stringField(name, v, type);
                case "plugin" -> plugin = pointerField(name, v, plugin);
                case "key" -> key = pointerField(name, v, key);
                case "tags" -> {
                    if (v.isNull()) {
                        tags = null;
                    } else if (v.isTextual()) {
                        List<String> parsed = SimObject.splitTags(v.textValue());
                        if (tags == null) {
                            tags = new Cell<>(parsed);
                        } else {
                            tags.value = parsed;
                        }
                    } else {
                        throw typeError(name, v);
                    }
                }
                default -> {
                    // unknown fields (and "data") are ignored
                }
            }
        }
    }

    private static String stringField(String name, JsonNode v, String previous) {
        if (v.isNull()) {
            return previous;
        }
        if (!v.isTextual()) {
            throw typeError(name, v);
        }
        return v.textValue();
    }

    private static Cell<String> pointerField(String name, JsonNode v, Cell<String> previous) {
        if (v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw typeError(name, v);
        }
        if (previous == null) {
            return new Cell<>(v.textValue());
        }
        previous.value = v.textValue();
        return previous;
    }

    private static HeedyError typeError(String name, JsonNode v) {
        return new HeedyError(
                1011,
                "failed to read JSON message: failed to unmarshal JSON: json: cannot unmarshal "
                        + GoJson.kind(v)
                        + " into Go struct field wsMessage."
                        + name
                        + " of type string");
    }


    private void handleCommand() {
        Subscription s = new Subscription(event, user, appFilter, object, type, plugin, key, tags);
        switch (cmd) {
            case "subscribe" -> {
                canSubscribe(s);
                synchronized (this) {
                    subscriptions.removeIf(
                            old -> sameList(old.event, s.event) && old.sameFilter(s));
                    subscriptions.add(s);
                }
            }
            case "unsubscribe" -> {
                synchronized (this) {
                    boolean removed = false;
                    for (Iterator<Subscription> it = subscriptions.iterator(); it.hasNext(); ) {
                        Subscription old = it.next();
                        if (sameList(old.event, s.event) && old.sameFilter(s)) {
                            it.remove();
                            removed = true;
                            break;
                        }
                    }
                    if (!removed) {
                        throw new HeedyError(1011, "Not subscribed");
                    }
                }
            }
            case "ping" -> hub.deliver(this, "{\"event\":\"pong\"}");
            default -> throw new HeedyError(1011, "Unrecognized command '" + cmd + "'");
        }
    }

    /** heedy keeps "" and "*" in one list and every other event name in its own. */
    private static boolean sameList(String a, String b) {
        boolean wildA = a.isEmpty() || a.equals("*");
        boolean wildB = b.isEmpty() || b.equals("*");
        return wildA ? wildB : a.equals(b);
    }

    /** heedy's CanSubscribe for an app token. */
    private void canSubscribe(Subscription s) {
        String denied = "access_denied: You don't have necessary permissions for the given query";
        if (s.user.isEmpty() && s.app.isEmpty() && s.object.isEmpty()) {
            throw new HeedyError(1011, denied);
        }
        if (!s.user.isEmpty() || !s.app.isEmpty() && !s.app.equals(app.id)) {
            throw new HeedyError(1011, denied);
        }
        if (!s.object.isEmpty() && db.readable(app, s.object) == null) {
            throw new HeedyError(1011, HeedyError.NOT_FOUND);
        }
    }

    private static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return reason;
        }
        return new String(b, 0, MAX_REASON_BYTES, StandardCharsets.UTF_8).replaceAll("\uFFFD$", "");
    }
}
