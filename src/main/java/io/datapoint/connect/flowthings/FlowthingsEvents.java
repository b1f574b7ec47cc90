package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushListener;
import io.datapoint.connect.core.source.SourceEngine;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's flowthings websocket: one session per connection ({@code POST /session}, then
 * {@code /session/<id>/ws}), a {@code subscribe} per flow by flowId, and the {@code {"type":"heartbeat"}} the server
 * expects (sent by the push channel). A pushed drop goes to its flow's reader and wakes it, so it is emitted at once;
 * a catch-up pass follows a little later to move the flow's watermark. After every (re)connect every flow catches up
 * over REST, because drops pushed while the socket was down are lost to it.
 */
final class FlowthingsEvents implements PushListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowthingsEvents.class);
    static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

    private final String label;
    private final FlowthingsClient client;
    private final SourceEngine<FlowthingsCursor> engine;
    private final Map<String, FlowthingsStreamReader> readers;
    private final boolean typedPush;
    private final long reconcileDelayMs;
    private final Set<String> reconcilePending = ConcurrentHashMap.newKeySet();
    private final AtomicLong msgIds = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flowthings-reconcile");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param typedPush        true for API 0.1, whose pushes carry typed elems
     * @param reconcileDelayMs how long after a push its flow's catch-up runs (past the visibility lag)
     */
    FlowthingsEvents(String label, FlowthingsClient client, SourceEngine<FlowthingsCursor> engine,
                     Map<String, FlowthingsStreamReader> readers, boolean typedPush, long reconcileDelayMs) {
        this.label = label;
        this.client = client;
        this.engine = engine;
        this.readers = Map.copyOf(readers);
        this.typedPush = typedPush;
        this.reconcileDelayMs = reconcileDelayMs;
    }

    /** The upgrade request of a new connection: creates a one-use session first. */
    Request nextUpgrade() throws IOException {
        String session;
        try {
            session = client.createSession();
        } catch (HttpStatusException e) {
            if (e.status() == 400 || e.status() == 401 || e.status() == 403) {
                // the session endpoint answers bad credentials with 400
                throw new IOException("flowthings refused a websocket session (" + FlowthingsClient.describe(e)
                    + "); check flowthings.account and flowthings.token", e);
            }
            throw e;
        }
        return new Request.Builder().url(client.websocketUrl(session)).build();
    }

    static String subscribe(String flowId, long msgId) {
        ObjectNode m = FlowthingsClient.JSON.createObjectNode();
        m.put("msgId", Long.toString(msgId));
        m.put("object", "drop");
        m.put("type", "subscribe");
        m.put("flowId", flowId);
        return m.toString();
    }

    @Override
    public void onOpen(PushChannel channel) {
        for (String flowId : readers.keySet()) {
            channel.send(subscribe(flowId, msgIds.incrementAndGet()));
        }
        log.info("{}: websocket session open, subscribed to {} flows; catching up over REST", label, readers.size());
        readers.values().forEach(FlowthingsStreamReader::requestCatchUp);
        engine.wakeAll();
    }

    @Override
    public void onMessage(String text) {
        JsonNode m;
        try {
            m = FlowthingsClient.JSON.readTree(text);
        } catch (IOException e) {
            log.debug("{}: ignoring a websocket frame that is not JSON ({} chars)", label, text.length());
            return;
        }
        if (m == null) {
            return;
        }
        if (m.has("head")) {
            if (!m.path("head").path("ok").asBoolean(true)) {
                log.warn("{}: flowthings refused a websocket command (msgId {}): {}", label,
                    m.path("head").path("msgId"), m.path("head").path("errors"));
            }
            return;
        }
        if (!"message".equals(m.path("type").asText()) || !m.path("value").isObject()) {
            return;
        }
        JsonNode value = m.get("value");
        String flowId = m.path("resource").asText(value.path("flowId").asText(null));
        FlowthingsStreamReader reader = flowId == null ? null : readers.get(flowId);
        if (reader == null) {
            reader = readers.get(value.path("flowId").asText(""));
        }
        if (reader == null) {
            return;
        }
        FlowthingsDrop drop;
        try {
            drop = FlowthingsDrop.parse(value, typedPush);
        } catch (IllegalArgumentException e) {
            log.warn("{}: ignoring a pushed drop of flow {}: {}", label, flowId, e.getMessage());
            return;
        }
        reader.offer(drop);
        String id = reader.streamId();
        engine.wake(id);
        if (reconcilePending.add(id)) {
            FlowthingsStreamReader r = reader;
            try {
                timer.schedule(() -> {
                    reconcilePending.remove(id);
                    r.requestCatchUp();
                    engine.wake(id);
                }, reconcileDelayMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    @Override
    public void onDisconnect(String reason, Throwable error) {
        log.info("{}: websocket down ({}); reconnecting with a new session, then resubscribing and catching up",
            label, reason);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
