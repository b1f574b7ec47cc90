package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushListener;
import io.datapoint.connect.core.source.SourceEngine;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to heedy's {@code /api/events} websocket for {@code timeseries_data_write} on the task's objects. Events
 * carry no data and are not replayed, so they are only wake-ups: a write at or after the cursor reads the object now;
 * a write before the cursor (a back-fill) re-reads that window. After every (re)connect the task catches up over REST.
 */
final class HeedyEvents implements PushListener {

    private static final Logger log = LoggerFactory.getLogger(HeedyEvents.class);
    /**
     * heedy decodes every message into one reused struct per socket, so each subscribe sends every filter field: the
     * string fields as "" (match any), and the pointer fields (key, plugin, tags) as null, since "" there would
     * mean "equals the empty string" and drop the events of objects that have no key.
     */
    private static final String[] STRING_FIELDS = {"event", "user", "app", "object", "type"};
    private static final String[] POINTER_FIELDS = {"plugin", "key", "tags"};

    private final String label;
    private final SourceEngine<HeedyCursor> engine;
    private final Map<String, HeedyStreamReader> readers;
    private final int pageSize;
    private final HeedyReconciler reconciler;
    private boolean connectedBefore;

    /** @param reconciler re-reads trailing windows after a reconnect; null when reconciliation is off */
    HeedyEvents(String label, SourceEngine<HeedyCursor> engine, Map<String, HeedyStreamReader> readers, int pageSize,
                HeedyReconciler reconciler) {
        this.label = label;
        this.engine = engine;
        this.readers = readers;
        this.pageSize = pageSize;
        this.reconciler = reconciler;
    }

    /** The subscribe command for one object, with every filter field present. */
    static String subscribe(String objectId) {
        ObjectNode cmd = HeedyClient.JSON.createObjectNode();
        cmd.put("cmd", "subscribe");
        for (String f : STRING_FIELDS) {
            cmd.put(f, "");
        }
        for (String f : POINTER_FIELDS) {
            cmd.putNull(f);
        }
        cmd.put("event", "timeseries_data_write");
        cmd.put("object", objectId);
        return cmd.toString();
    }

    /** heedy's application-level keep-alive. */
    static String ping() {
        return "{\"cmd\":\"ping\"}";
    }

    @Override
    public void onOpen(PushChannel channel) {
        for (String id : readers.keySet()) {
            channel.send(subscribe(id));
        }
        log.info("{}: subscribed to write events of {} objects; catching up over REST", label, readers.size());
        engine.wakeAll();
        if (connectedBefore && reconciler != null) {
            reconciler.reconcileAll(); // events written while disconnected are lost: look behind the cursors too
        }
        connectedBefore = true;
    }

    @Override
    public void onMessage(String text) {
        JsonNode event;
        try {
            event = HeedyClient.JSON.readTree(text);
        } catch (IOException e) {
            log.warn("{}: ignoring an event that is not JSON ({} chars)", label, text.length());
            return;
        }
        if (!"timeseries_data_write".equals(event.path("event").asText())) {
            return;
        }
        String id = event.path("object").asText();
        HeedyStreamReader reader = readers.get(id);
        if (reader == null) {
            return;
        }
        JsonNode data = event.path("data");
        HeedyCursor cursor = engine.cursor(id);
        if (cursor == null || cursor.afterT() == null || !data.path("t1").isNumber()) {
            engine.wake(id);
            return;
        }
        double t1 = data.path("t1").asDouble();
        double t2 = data.path("t2").isNumber() ? data.path("t2").asDouble() : t1;
        double last = cursor.afterT();
        if (t1 <= last) {
            double upTo = Math.min(t2, last);
            log.debug("{}: object {} got a write at [{}, {}] behind the cursor {}; re-reading it", label, id, t1, t2,
                last);
            engine.reread(id, () -> reader.window(t1, upTo, pageSize));
        }
        if (t2 > last) {
            engine.wake(id);
        }
    }

    @Override
    public void onDisconnect(String reason, Throwable error) {
        log.info("{}: event websocket disconnected ({}); reconnecting, then catching up over REST", label, reason);
    }
}
