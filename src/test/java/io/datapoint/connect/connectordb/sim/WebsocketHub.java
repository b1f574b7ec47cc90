package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import okio.ByteString;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ConnectorDB's websocket ({@code /api/v1/websocket}): clients send {@code subscribe}, {@code unsubscribe},
 * {@code unsubscribe_all} and {@code insert} commands and never get replies; each insert batch on a subscribed
 * path arrives as one {@code {"stream","transform"?,"data"}} message per subscribed transform. A subscribe the
 * server cannot honour (not a stream path, missing stream, no read access) kills the whole socket, as the real
 * server's recovered panic does. Pings go out every {@link #pingInterval()}; a socket that misses a pong is closed.
 */
final class WebsocketHub {
    static final int MESSAGE_LIMIT_BYTES = 1 << 20;

    private final Registry registry;
    private final Access access;
    private final CallLog log;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile DataService dataService;
    private volatile Duration pingInterval = Duration.ofSeconds(54);

    WebsocketHub(Registry registry, Access access, CallLog log) {
        this.registry = registry;
        this.access = access;
        this.log = log;
    }

    void dataService(DataService service) {
        this.dataService = service;
    }

    Duration pingInterval() {
        return pingInterval;
    }

    void pingInterval(Duration every) {
        this.pingInterval = every;
    }

    WebSocketListener newSession(Actor actor) {
        return new Session(actor);
    }

    int openSessions() {
        return sessions.size();
    }

    /** Cuts every open websocket without a close handshake. */
    void dropAll() {
        for (Session s : sessions) {
            s.kill();
        }
    }

    /** Sends one message per matching (path, transform) subscription; nothing when a transform yields nothing. */
    void publish(String path, List<Datapoint> batch) {
        if (sessions.isEmpty()) {
            return;
        }
        Map<String, String> byTransform = new HashMap<>();
        for (Session s : sessions) {
            for (Subscription sub : s.subscriptions) {
                if (!sub.arg().equals(path)) {
                    continue;
                }
                String message = byTransform.computeIfAbsent(sub.transform(), t -> {
                    List<Datapoint> out = Transforms.apply(t, batch);
                    return !t.isEmpty() && out.isEmpty() ? "" : GoJson.message(path, t, out);
                });
                if (!message.isEmpty() && s.socket != null) {
                    s.socket.send(message);
                }
            }
        }
    }

    /** What a subscribe needs: a 3-part stream path or a 4-part {@code .../downlink}, readable by the actor. */
    private boolean canSubscribe(Actor actor, String arg, String transform) {
        if (arg == null || !Transforms.supported(transform)) {
            return false;
        }
        String[] p = arg.split("/", -1);
        boolean downlink = p.length == 4 && p[3].equals("downlink");
        if (p.length != 3 && !downlink) {
            return false;
        }
        SimStream s = registry.stream(p[0], p[1], p[2]);
        return s != null && access.canReadStream(actor, s);
    }

    private record Subscription(String arg, String transform) {
    }

    private final class Session extends WebSocketListener {
        private final Actor actor;
        private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
        private volatile WebSocket socket;

        Session(Actor actor) {
            this.actor = actor;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            sessions.add(this);
            Duration every = pingInterval;
            if (!every.isZero() && !every.isNegative()) {
                ServerPinger.schedule(webSocket, every, this::recheckSubscriptions);
            }
        }

        /** Like the server's periodic CheckSubscriptions: silently drops subscriptions that lost their stream. */
        private boolean recheckSubscriptions() {
            if (!sessions.contains(this)) {
                return false;
            }
            subscriptions.removeIf(sub -> !canSubscribe(actor, sub.arg(), sub.transform()));
            return true;
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            log.add("WS", "/api/v1/websocket", null, actor.path(), 0, null, text);
            if (text.length() > MESSAGE_LIMIT_BYTES) {
                kill();
                return;
            }
            JsonNode cmd;
            try {
                cmd = GoJson.MAPPER.readTree(text);
            } catch (Exception e) {
                kill(); // the server's ReadJSON error ends the reader
                return;
            }
            if (cmd == null || !cmd.isObject()) {
                kill();
                return;
            }
            String arg = cmd.path("arg").asText(null);
            String transform = cmd.path("transform").asText("");
            switch (cmd.path("cmd").asText("")) {
                case "subscribe" -> {
                    if (canSubscribe(actor, arg, transform)) {
                        subscriptions.add(new Subscription(arg, transform));
                    } else {
                        kill();
                    }
                }
                case "unsubscribe" -> subscriptions.remove(new Subscription(arg, transform));
                case "unsubscribe_all" -> subscriptions.clear();
                case "insert" -> insert(arg, cmd.get("d"));
                default -> {
                    // unknown commands are ignored
                }
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            onMessage(webSocket, bytes.utf8());
        }

        /** Websocket inserts always restamp; failures are only logged by the real server, so they vanish here. */
        private void insert(String arg, JsonNode d) {
            DataService service = dataService;
            if (arg == null || service == null || d == null || !d.isArray()) {
                return;
            }
            String[] p = arg.split("/", -1);
            if (p.length != 3) {
                return;
            }
            try {
                service.insert(actor, p[0], p[1], p[2], GoJson.parseDatapoints((ArrayNode) d), true);
            } catch (RuntimeException ignored) {
                // no replies of any kind on the websocket
            }
        }

        /**
         * Cuts the connection without a close handshake. {@code cancel()} needs a client call, which server sockets
         * lack, so this fails the socket the way OkHttp does on an I/O error (it closes the TCP connection).
         */
        private void kill() {
            sessions.remove(this);
            WebSocket ws = socket;
            if (ws instanceof RealWebSocket real) {
                real.failWebSocket(new IOException("connection dropped by the simulator"), null, false);
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            sessions.remove(this);
            webSocket.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            sessions.remove(this);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            sessions.remove(this);
        }
    }
}
