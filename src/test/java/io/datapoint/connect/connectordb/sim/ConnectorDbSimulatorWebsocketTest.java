package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.datapoint.connect.connectordb.sim.CdbTestClient.keyAuth;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins the websocket facts: subscribe, one message per batch, transforms, downlinks, pings, bad subscribes. */
class ConnectorDbSimulatorWebsocketTest {
    private static final String TEMP = "/api/v1/crud/alice/phone/temp";

    private ConnectorDbSimulator sim;
    private CdbTestClient client;
    private String key;
    private final OkHttpClient http = new OkHttpClient();

    @BeforeEach
    void setUp() {
        sim = ConnectorDbSimulator.start();
        sim.setFailedLoginDelay(Duration.ofMillis(5));
        sim.createUser("alice", "secret");
        key = sim.createDevice("alice", "phone");
        sim.createStream("alice/phone/temp", GoJson.MAPPER.createObjectNode().put("type", "number"), false);
        sim.createStream("alice/phone/other", null, false);
        sim.createStream("alice/phone/switch", GoJson.MAPPER.createObjectNode().put("type", "boolean"), true);
        client = new CdbTestClient(sim.baseUrl());
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    /** Collects what a client websocket receives. */
    static final class Inbox extends WebSocketListener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final AtomicReference<String> ended = new AtomicReference<>();
        final AtomicInteger openCode = new AtomicInteger();
        volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            openCode.set(response.code());
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            messages.add(text);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            ended.set("closed " + code);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            ended.set("failed " + (response == null ? t.toString() : response.code()));
        }

        JsonNode next() throws Exception {
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "no websocket message");
            return GoJson.MAPPER.readTree(m);
        }
    }

    private Inbox connect(String authorization) {
        Inbox inbox = new Inbox();
        Request.Builder req = new Request.Builder().url(sim.wsUrl());
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        WebSocket ws = http.newWebSocket(req.build(), inbox);
        inbox.socket = ws;
        return inbox;
    }

    private Inbox subscribed(String... args) {
        Inbox inbox = connect(keyAuth(key));
        for (String arg : args) {
            inbox.socket.send("{\"cmd\":\"subscribe\",\"arg\":\"" + arg + "\",\"transform\":\"\"}");
        }
        awaitSubscriptions(args.length);
        return inbox;
    }

    /** Subscribes have no reply; their arrival shows in the call log. */
    private void awaitSubscriptions(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.calls().stream()
                .filter(c -> c.method().equals("WS") && c.body().contains("subscribe")).count() >= n);
    }

    @Test
    void subscriberGetsOneMessagePerInsertBatch() throws Exception {
        Inbox inbox = subscribed("alice/phone/temp");
        assertEquals("ok", client.call("POST", TEMP + "/data", keyAuth(key),
                "[{\"t\":1,\"d\":1.5},{\"t\":2,\"d\":2}]").body());
        JsonNode m = inbox.next();
        assertEquals("alice/phone/temp", m.get("stream").asText());
        assertTrue(!m.has("transform"), "transform only when non-empty");
        assertEquals(GoJson.MAPPER.readTree("[{\"t\":1,\"d\":1.5},{\"t\":2,\"d\":2}]"), m.get("data"));
        sim.insert("alice/phone/temp", List.of(Datapoint.of(3, GoJson.MAPPER.getNodeFactory().numberNode(3))));
        assertEquals(3, inbox.next().get("data").get(0).get("t").asInt());
    }

    @Test
    void apikeyQueryParameterAuthenticatesTheUpgradeAndBadKeysAre401() {
        Inbox bad = connect(keyAuth("wrong"));
        await().atMost(Duration.ofSeconds(10)).until(() -> bad.ended.get() != null);
        assertEquals("failed 401", bad.ended.get());
        Inbox viaQuery = new Inbox();
        http.newWebSocket(new Request.Builder().url(sim.wsUrl() + "?apikey=" + key).build(), viaQuery);
        await().atMost(Duration.ofSeconds(10)).until(() -> viaQuery.openCode.get() == 101);
    }

    @Test
    void theUpgradeRouteNeedsTheExactLowercaseHeader() {
        okhttp3.Request req = new okhttp3.Request.Builder().url(sim.baseUrl() + "/api/v1/websocket")
                .header("Upgrade", "WebSocket").header("Authorization", keyAuth(key)).build();
        try (Response r = http.newCall(req).execute()) {
            assertEquals(404, r.code());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(404, client.get("/api/v1/websocket", keyAuth(key)).code());
    }

    @Test
    void messagesCarryPreRestampTimestampsWhileStorageIsRestamped() throws Exception {
        sim.insert("alice/phone/temp", List.of(Datapoint.of(10, GoJson.MAPPER.getNodeFactory().numberNode(1))));
        Inbox inbox = subscribed("alice/phone/temp");
        client.call("PUT", TEMP + "/data", keyAuth(key), "[{\"t\":4,\"d\":2}]");
        assertEquals(4, inbox.next().get("data").get(0).get("t").asDouble());
        assertEquals(10.00001, sim.data("alice/phone/temp").get(1).t());
    }

    @Test
    void eachTransformGetsItsOwnMessage() throws Exception {
        Inbox inbox = connect(keyAuth(key));
        inbox.socket.send("{\"cmd\":\"subscribe\",\"arg\":\"alice/phone/temp\",\"transform\":\"\"}");
        inbox.socket.send("{\"cmd\":\"subscribe\",\"arg\":\"alice/phone/temp\",\"transform\":\"if last\"}");
        inbox.socket.send("{\"cmd\":\"subscribe\",\"arg\":\"alice/phone/temp\",\"transform\":\"if last\"}");
        awaitSubscriptions(3);
        client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1},{\"t\":2,\"d\":2}]");
        JsonNode a = inbox.next();
        JsonNode b = inbox.next();
        JsonNode last = a.has("transform") ? a : b;
        JsonNode all = a.has("transform") ? b : a;
        assertEquals("if last", last.get("transform").asText());
        assertEquals(1, last.get("data").size());
        assertEquals(2, last.get("data").get(0).get("t").asInt());
        assertEquals(2, all.get("data").size());
        // the duplicate subscribe was ignored: a later batch on another stream comes next, nothing in between
        inbox.socket.send("{\"cmd\":\"subscribe\",\"arg\":\"alice/phone/other\",\"transform\":\"\"}");
        awaitSubscriptions(4);
        client.call("POST", "/api/v1/crud/alice/phone/other/data", keyAuth(key), "[{\"t\":1,\"d\":1}]");
        assertEquals("alice/phone/other", inbox.next().get("stream").asText());
    }

    @Test
    void unsubscribeStopsMessages() throws Exception {
        Inbox inbox = subscribed("alice/phone/temp", "alice/phone/other");
        inbox.socket.send("{\"cmd\":\"unsubscribe\",\"arg\":\"alice/phone/temp\",\"transform\":\"\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.calls().stream()
                .anyMatch(c -> c.method().equals("WS") && c.body().contains("unsubscribe")));
        client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]");
        client.call("POST", "/api/v1/crud/alice/phone/other/data", keyAuth(key), "[{\"t\":1,\"d\":1}]");
        assertEquals("alice/phone/other", inbox.next().get("stream").asText(), "nothing from temp came before");
    }

    @Test
    void downlinkMessagesGoOnlyToDownlinkSubscribers() throws Exception {
        Inbox inbox = subscribed("alice/phone/switch", "alice/phone/switch/downlink");
        client.call("POST", "/api/v1/crud/alice/phone/switch/data", keyAuth(sim.userApiKey("alice")),
                "[{\"t\":1,\"d\":true}]");
        JsonNode m = inbox.next();
        assertEquals("alice/phone/switch/downlink", m.get("stream").asText());
        assertEquals("alice/user", m.get("data").get(0).get("o").asText());
        // the owner acknowledges over the websocket (insert always restamps); observers of the main stream see it
        inbox.socket.send("{\"cmd\":\"insert\",\"arg\":\"alice/phone/switch\",\"d\":[{\"t\":2,\"d\":true}]}");
        JsonNode ack = inbox.next();
        assertEquals("alice/phone/switch", ack.get("stream").asText());
        assertEquals(1, sim.data("alice/phone/switch").size());
        assertEquals(1, sim.downlinkData("alice/phone/switch").size());
    }

    @Test
    void aSubscribeTheServerCannotHonourKillsTheSocket() {
        Inbox inbox = subscribed("alice/phone/temp");
        inbox.socket.send("{\"cmd\":\"subscribe\",\"arg\":\"alice/phone/missing\",\"transform\":\"\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.ended.get() != null);
        Inbox device = connect(keyAuth(key));
        device.socket.send("{\"cmd\":\"subscribe\",\"arg\":\"alice/phone\",\"transform\":\"\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> device.ended.get() != null);
    }

    @Test
    void dropWebsocketsCutsEverySocket() {
        Inbox a = subscribed("alice/phone/temp");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openWebsockets() == 1);
        sim.dropWebsockets();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.ended.get() != null);
        assertTrue(a.ended.get().startsWith("failed"), a.ended.get());
        assertEquals(0, sim.openWebsockets());
    }

    @Test
    void serverPingsAClientThatAnswersStaysConnected() throws Exception {
        sim.setWebsocketPingInterval(Duration.ofMillis(100));
        Inbox inbox = subscribed("alice/phone/temp");
        RealWebSocket ws = (RealWebSocket) inbox.socket;
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.receivedPingCount() >= 4);
        client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]");
        assertEquals("alice/phone/temp", inbox.next().get("stream").asText());
        assertEquals(null, inbox.ended.get());
    }

    @Test
    void aClientThatNeverPongsIsDisconnected() throws Exception {
        sim.setWebsocketPingInterval(Duration.ofMillis(100));
        try (Socket raw = new Socket("127.0.0.1", sim.port())) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /api/v1/websocket?apikey=" + key + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            boolean sawPing = false;
            int b;
            while ((b = in.read()) != -1) {      // ends when the server gives up on the missing pong
                sawPing |= b == 0x89;             // FIN + ping opcode
            }
            assertTrue(sawPing);
        }
    }
}
