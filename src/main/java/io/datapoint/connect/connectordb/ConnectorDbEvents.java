package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushListener;
import io.datapoint.connect.core.source.SourceEngine;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the task's streams on ConnectorDB's {@code /api/v1/websocket} and wakes a stream up when a message
 * about it arrives. Messages are only hints: they can be dropped, are never replayed, carry timestamps from before
 * restamping, and there are no replies; data is always read by index over REST. After every (re)connect the task
 * resubscribes and catches up over REST.
 *
 * <p>A subscription the server cannot honour (a deleted stream, lost access) makes it drop the whole socket, so a
 * stream whose last read failed is left out until it can be read again.
 */
final class ConnectorDbEvents implements PushListener, ConnectorDbStreamReader.Listener {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDbEvents.class);

    private final String label;
    private final SourceEngine<ConnectorDbCursor> engine;
    private final List<String> streams;
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private volatile PushChannel channel;

    ConnectorDbEvents(String label, SourceEngine<ConnectorDbCursor> engine, List<String> streams) {
        this.label = label;
        this.engine = engine;
        this.streams = List.copyOf(streams);
    }

    /** The subscribe command for one stream or downlink path, with no transform. */
    static String subscribe(String path) {
        ObjectNode cmd = ConnectorDbClient.JSON.createObjectNode();
        cmd.put("cmd", "subscribe");
        cmd.put("arg", path);
        cmd.put("transform", "");
        return cmd.toString();
    }

    @Override
    public void onOpen(PushChannel ch) {
        channel = ch;
        int sent = 0;
        for (String path : streams) {
            if (!unreadable.contains(path)) {
                ch.send(subscribe(path));
                sent++;
            }
        }
        log.info("{}: subscribed to {} of {} streams on the websocket; catching up over REST", label, sent,
            streams.size());
        engine.wakeAll();
    }

    @Override
    public void onMessage(String text) {
        JsonNode message;
        try {
            message = ConnectorDbClient.JSON.readTree(text);
        } catch (IOException e) {
            log.debug("{}: ignoring a websocket message that is not JSON ({} chars)", label, text.length());
            return;
        }
        String stream = message == null ? null : message.path("stream").asText(null);
        if (stream != null) {
            engine.wake(stream);
        }
    }

    @Override
    public void onDisconnect(String reason, Throwable error) {
        log.info("{}: websocket disconnected ({}); reconnecting, then resubscribing and catching up over REST",
            label, reason);
    }

    @Override
    public void unavailable(String streamId) {
        unreadable.add(streamId);
    }

    @Override
    public void available(String streamId) {
        if (unreadable.remove(streamId)) {
            send(streamId);
        }
    }

    /** A recreated stream may have lost its subscription (the server drops those of deleted streams). */
    @Override
    public void recreated(String streamId) {
        send(streamId);
    }

    private void send(String streamId) {
        PushChannel ch = channel;
        if (ch != null && ch.isConnected()) {
            ch.send(subscribe(streamId)); // a repeated subscribe is ignored by the server
        }
    }
}
