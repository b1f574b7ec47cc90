package io.datapoint.connect.heedy.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** Pins heedy's event websocket behaviour against the simulator. */
class HeedySimulatorEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private HeedySimulator sim;
    private OkHttpClient http;
    private String token;
    private String app;
    private String a;
    private String b;

    /** Collects what the server sends and how it closed. */
    private static final class Client extends WebSocketListener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final AtomicInteger closeCode = new AtomicInteger();
        final AtomicReference<String> closeReason = new AtomicReference<>();
        final AtomicReference<Response> failedHandshake = new AtomicReference<>();
        WebSocket socket;

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            try {
                messages.add(JSON.readTree(text));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            closeReason.set(reason);
            closeCode.set(code);
            webSocket.close(1000, null);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            failedHandshake.set(response);
            closeCode.compareAndSet(0, -1);
        }

        List<JsonNode> events(String event, String object) {
            return messages.stream()
                    .filter(m ->
                            m.path("event").asText().equals(event)
                                    && (object == null || m.path("object").asText().equals(object)))
                    .collect(Collectors.toList());
        }

        void send(String json) {
            assertTrue(socket.send(json));
        }
    }

    @BeforeEach
    void start() {
        sim = HeedySimulator.start();
        sim.setAuthFailureDelay(Duration.ZERO);
        http = new OkHttpClient();
        token = sim.createApp("alice", false);
        app = sim.appId(token);
        a = sim.createTimeseries("alice", app, "a", "ka", "x y", null);
        b = sim.createTimeseries("alice", app, "b", null, null, null);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Client connect(String bearer) {
        Client c = new Client();
        Request.Builder req = new Request.Builder().url(sim.wsUrl());
        if (bearer != null) {
            req.header("Authorization", "Bearer " + bearer);
        }
        c.socket = http.newWebSocket(req.build(), c);
        return c;
    }

    private void write(String objectId, String body) throws IOException {
        Request req =
                new Request.Builder()
                        .url(sim.baseUrl() + "/api/objects/" + objectId + "/timeseries")
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create(body, MediaType.get("application/json")))
                        .build();
        try (Response r = http.newCall(req).execute()) {
            assertEquals(200, r.code(), r.body().string());
        }
    }

    /**
     * Subscribe has no ack: a ping answered by a pong proves the server has processed what came
     * before it.
     */
    private void barrier(Client c) {
        int pongs = c.events("pong", null).size();
        c.send("{\"cmd\":\"ping\"}");
        await().atMost(WAIT).until(() -> c.events("pong", null).size() > pongs);
    }

    @Test
    void aWriteProducesADataWriteEventWithoutData() throws IOException {
        Client c = connect(token);
        c.send(
                "{\"cmd\":\"subscribe\",\"event\":\"timeseries_data_write\",\"object\":\""
                        + a
                        + "\"}");
        barrier(c);
        write(a, "[{\"t\":1584812297,\"d\":1},{\"t\":1584812300,\"dt\":3,\"d\":2}]");
        await().atMost(WAIT).until(() -> c.events("timeseries_data_write", a).size() == 1);
        JsonNode e = c.events("timeseries_data_write", a).get(0);
        assertEquals(1584812297, e.get("data").get("t1").asDouble());
        assertEquals(1584812303, e.get("data").get("t2").asDouble());
        assertEquals(2, e.get("data").get("count").asInt());
        assertFalse(e.get("data").has("dp"));
        assertEquals("alice", e.get("user").asText());
        assertEquals(app, e.get("app").asText());
        assertEquals("ka", e.get("key").asText());
        assertEquals("x y", e.get("tags").asText());
        assertEquals("timeseries", e.get("type").asText());
    }

    @Test
    void appSubscriptionSeesObjectEventsAndEmptyWritesFireNothing() throws IOException {
        Client c = connect(token);
        c.send("{\"cmd\":\"subscribe\",\"event\":\"*\",\"app\":\"" + app + "\"}");
        barrier(c);
        write(b, "[]");
        write(b, "[{\"t\":5,\"d\":1}]");
        await().atMost(WAIT)
                .until(() ->
                        c.events("timeseries_data_write", b).size() == 1
                                && c.events("object_update", b).size()
                                        == 1); // modified_date changed on the first write of the
                                               // day
        String created = sim.createTimeseries("alice", app, "c", null, null, null);
        await().atMost(WAIT).until(() -> c.events("object_create", created).size() == 1);
        assertEquals(1, c.events("timeseries_data_write", b).size());
    }

    @Test
    void stickyFieldsCarryOverBetweenMessages() throws IOException {
        Client c = connect(token);
        c.send(
                "{\"cmd\":\"subscribe\",\"event\":\"timeseries_data_write\",\"object\":\""
                        + a
                        + "\"}");
        // no cmd, no event: the previous "subscribe" and event name are reused
        c.send("{\"object\":\"" + b + "\"}");
        barrier(c);
        write(b, "[{\"t\":1,\"d\":1}]");
        await().atMost(WAIT).until(() -> c.events("timeseries_data_write", b).size() == 1);
        // object absent: the sticky object (b) is unsubscribed, so this does not fail with "Not
        // subscribed"
        c.send("{\"cmd\":\"unsubscribe\",\"event\":\"timeseries_data_write\"}");
        barrier(c);
        assertEquals(0, c.closeCode.get());
        // and a second one really has nothing left to remove
        c.send("{\"cmd\":\"unsubscribe\"}");
        await().atMost(WAIT).until(() -> c.closeCode.get() == 1011);
        assertEquals("Not subscribed", c.closeReason.get());
    }

    @Test
    void badCommandClosesWith1011AndReason() {
        Client c = connect(token);
        c.send("{\"cmd\":\"bogus\"}");
        await().atMost(WAIT).until(() -> c.closeCode.get() == 1011);
        assertEquals("Unrecognized command 'bogus'", c.closeReason.get());
    }

    @Test
    void appsMayNotSubscribeToUsersOrOtherApps() {
        Client c = connect(token);
        c.send("{\"cmd\":\"subscribe\",\"event\":\"*\",\"user\":\"alice\"}");
        await().atMost(WAIT).until(() -> c.closeCode.get() == 1011);
        assertEquals(
                "access_denied: You don't have necessary permissions for the given query",
                c.closeReason.get());
        Client other = connect(token);
        other.send("{\"cmd\":\"subscribe\",\"event\":\"*\"}");
        await().atMost(WAIT).until(() -> other.closeCode.get() == 1011);
    }

    @Test
    void publicAndBadTokensCannotOpenTheSocket() {
        Client anonymous = connect(null);
        await().atMost(WAIT).until(() -> anonymous.closeCode.get() == -1);
        assertEquals(403, anonymous.failedHandshake.get().code());
        Client bad = connect("AAAAAAAAAAAAAAAAAAAA");
        await().atMost(WAIT).until(() -> bad.closeCode.get() == -1);
        assertEquals(401, bad.failedHandshake.get().code());
    }

    @Test
    void dropWebsocketsClosesWith1011AndDroppedEventsAreNotReplayed() throws IOException {
        Client c = connect(token);
        c.send(
                "{\"cmd\":\"subscribe\",\"event\":\"timeseries_data_write\",\"object\":\""
                        + a
                        + "\"}");
        barrier(c);
        sim.dropEvents(true);
        write(a, "[{\"t\":1,\"d\":1}]");
        sim.dropEvents(false);
        write(a, "[{\"t\":2,\"d\":1}]");
        await().atMost(WAIT).until(() -> c.events("timeseries_data_write", a).size() >= 1);
        barrier(c);
        assertEquals(1, c.events("timeseries_data_write", a).size());
        assertEquals(
                2.0, c.events("timeseries_data_write", a).get(0).get("data").get("t1").asDouble());
        sim.dropWebsockets();
        await().atMost(WAIT).until(() -> c.closeCode.get() == 1011);
        await().atMost(WAIT).until(() -> sim.openWebsockets() == 0);
    }

    @Test
    void liveGeneratorAppendsAndFiresEvents() {
        Client c = connect(token);
        c.send(
                "{\"cmd\":\"subscribe\",\"event\":\"timeseries_data_write\",\"object\":\""
                        + b
                        + "\"}");
        barrier(c);
        try (LiveGenerator g = sim.live(b, Duration.ofMillis(20))) {
            await().atMost(WAIT)
                    .until(() ->
                            sim.length(b) >= 3 && c.events("timeseries_data_write", b).size() >= 3);
            assertTrue(g.written() >= 3);
        }
        List<Datapoint> points = sim.data(b);
        for (int k = 1; k < points.size(); k++) {
            assertTrue(points.get(k).t() > points.get(k - 1).t());
        }
    }
}
