package io.datapoint.connect.flowthings.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator.SimFlow;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator.Typed;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The server side of one {@code /session/<id>/ws} websocket: subscribe and unsubscribe by flowId or path with
 * {head, body} replies echoing msgId; heartbeat without a reply; pushes as {type: message, resource: flowId, value}.
 */
final class SimSocket extends WebSocketListener {

    private final FlowthingsSimulator sim;
    private final String account;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile WebSocket ws;
    private volatile boolean open;
    private volatile long lastHeard = System.currentTimeMillis();

    SimSocket(FlowthingsSimulator sim, String account) {
        this.sim = sim;
        this.account = account;
    }

    boolean open() {
        return open;
    }

    long lastHeard() {
        return lastHeard;
    }

    boolean subscribedTo(String flowId) {
        return subscriptions.contains(flowId);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        ws = webSocket;
        open = true;
        sim.register(this);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        lastHeard = System.currentTimeMillis();
        JsonNode msg;
        try {
            msg = FlowthingsSimulator.JSON.readTree(text);
        } catch (IOException e) {
            reply(null, false, "The message is not valid JSON");
            return;
        }
        String type = msg.path("type").asText("");
        JsonNode msgId = msg.get("msgId");
        switch (type) {
            case "heartbeat" -> {
                // no reply
            }
            case "subscribe", "unsubscribe" -> {
                SimFlow f = msg.has("flowId") ? sim.flow(msg.get("flowId").asText())
                    : msg.has("path") ? sim.flowByPath(msg.get("path").asText()) : null;
                if (f == null || !f.account.equals(account) || !"drop".equals(msg.path("object").asText())) {
                    reply(msgId, false, "The requested resource could not be located at this address.");
                    return;
                }
                if (type.equals("subscribe")) {
                    subscriptions.add(f.id);
                } else {
                    subscriptions.remove(f.id);
                }
                reply(msgId, true, null);
            }
            default -> reply(msgId, false, "Unsupported command '" + type + "'");
        }
    }

    void push(String flowId, ObjectNode drop) {
        WebSocket w = ws;
        if (open && w != null && subscriptions.contains(flowId)) {
            ObjectNode m = FlowthingsSimulator.JSON.createObjectNode();
            m.put("type", "message");
            m.put("resource", flowId);
            m.set("value", sim.typedPush ? Typed.typedDrop(drop) : drop);
            w.send(m.toString());
        }
    }

    private void reply(JsonNode msgId, boolean ok, String error) {
        ObjectNode m = FlowthingsSimulator.JSON.createObjectNode();
        ObjectNode head = m.putObject("head");
        if (msgId != null) {
            head.set("msgId", msgId);
        }
        head.put("ok", ok);
        head.put("status", ok ? 200 : 404);
        head.putArray("errors");
        head.putArray("messages");
        if (error != null) {
            head.withArray("errors").add(error);
        }
        m.putObject("body");
        WebSocket w = ws;
        if (w != null) {
            w.send(m.toString());
        }
    }

    /** Drops the connection: no push reaches it from now on (they are lost to the client), then a 1011 close. */
    void cut() {
        open = false;
        sim.unregister(this);
        WebSocket w = ws;
        if (w != null) {
            w.close(1011, "simulated connection loss");
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        open = false;
        sim.unregister(this);
        webSocket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        open = false;
        sim.unregister(this);
    }
}
