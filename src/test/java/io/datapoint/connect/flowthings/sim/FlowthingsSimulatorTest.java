package io.datapoint.connect.flowthings.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** Pins the protocol facts the simulator reproduces (shared/protocols/flowthings.md). */
class FlowthingsSimulatorTest {

    private FlowthingsSimulator sim;
    private final OkHttpClient http = new OkHttpClient();
    private String flow;

    @BeforeEach
    void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount("alice", "tok");
        flow = sim.createFlow("alice", "/alice/drinks");
    }

    @AfterEach
    void stop() {
        sim.close();
        http.dispatcher().executorService().shutdown();
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer call(String method, String path, String token, String body) throws IOException {
        Request.Builder b = new Request.Builder().url(sim.apiUrl() + path);
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        b.method(method, body == null ? (method.equals("POST") ? RequestBody.create(new byte[0], null) : null)
            : RequestBody.create(body, MediaType.get("application/json")));
        try (Response r = http.newCall(b.build()).execute()) {
            return new Answer(r.code(), FlowthingsSimulator.JSON.readTree(r.body().string()));
        }
    }

    @Test
    void createAnswers201InTheEnvelopeWithAnObjectIdAndTheHttpStatusEqualsHeadStatus() throws IOException {
        Answer a = call("POST", "/v4.0/alice/drop/" + flow, "tok", "{\"elems\":{\"x\":1}}");
        assertEquals(201, a.status());
        assertEquals(201, a.json().path("head").path("status").asInt());
        assertTrue(a.json().path("head").path("ok").asBoolean());
        JsonNode drop = a.json().path("body");
        assertTrue(drop.path("id").asText().matches("d[0-9a-f]{24}"), drop.toString());
        long seconds = Long.parseLong(drop.path("id").asText().substring(1, 9), 16);
        assertEquals(drop.path("creationDate").asLong() / 1000, seconds, "ids start with the creation second");
        assertEquals("/alice/drinks", drop.path("path").asText());
        assertEquals(0, drop.path("version").asInt());
    }

    @Test
    void badRestCredentialsAre403ButABadSessionIs400() throws IOException {
        assertEquals(403, call("GET", "/v4.0/alice/drop/" + flow, "wrong", null).status());
        assertEquals(403, call("GET", "/v4.0/bob/drop/" + flow, "tok", null).status(), "another account's path");
        assertEquals(400, call("POST", "/session", "wrong", null).status());
        Request ok = new Request.Builder().url(sim.wsUrl() + "/session").header("X-Auth-Account", "alice")
            .header("X-Auth-Token", "tok").post(RequestBody.create(new byte[0], null)).build();
        try (Response r = http.newCall(ok).execute()) {
            assertEquals(201, r.code());
        }
    }

    @Test
    void findDefaultsToNewestFirstAndHonoursSortOrderStartAndTheLimitCap() throws IOException {
        sim.preloadSpaced(flow, 30, 1_000);
        JsonNode dflt = call("GET", "/v4.0/alice/drop/" + flow, "tok", null).json().path("body");
        assertEquals(20, dflt.size(), "default limit 20");
        assertEquals(1_029, dflt.get(0).path("creationDate").asLong(), "newest first");
        sim.setLimits(20, 10);
        JsonNode page = call("GET", "/v4.0/alice/drop/" + flow + "?filter=creationDate%20%3E%3D%201005"
            + "&sort=creationDate&order=asc&start=2&limit=100&hints=0", "tok", null).json().path("body");
        assertEquals(10, page.size(), "capped at the maximum");
        assertEquals(1_007, page.get(0).path("creationDate").asLong());
        JsonNode skip = call("GET", "/v4.0/alice/drop/" + flow + "?sort=creationDate&order=asc&skip=3&limit=1"
            + "&unknown=1&filter=", "tok", null).json().path("body");
        assertEquals(1_003, skip.get(0).path("creationDate").asLong(), "skip is a synonym; unknown params ignored");
    }

    @Test
    void findOrdersByCreationDateWithTiesInInsertionOrderEitherWayAndEvictsTheOldest() throws IOException {
        String small = sim.createFlow("alice", "/alice/ties", 7);
        sim.preload(small, 3, 2_000); // i = 0, 1, 2 at 2000
        sim.preloadSpaced(small, 2, 1_000); // i = 0, 1 at 1000 and 1001, inserted after the newer ones
        sim.preload(small, 3, 1_500); // i = 0, 1, 2 at 1500: one too many, the drop at 1000 goes
        assertEquals(7, sim.count(small));
        JsonNode asc = call("GET", "/v4.0/alice/drop/" + small + "?filter=creationDate%20%3E%3D%201001"
            + "&sort=creationDate&order=asc&start=1&limit=4&hints=0", "tok", null).json().path("body");
        assertEquals(List.of("1500:0", "1500:1", "1500:2", "2000:0"), dateAndI(asc));
        JsonNode desc = call("GET", "/v4.0/alice/drop/" + small + "?filter=creationDate%20%3E%201500&limit=10",
            "tok", null).json().path("body");
        assertEquals(List.of("2000:0", "2000:1", "2000:2"), dateAndI(desc), "newest first, ties as inserted");
        JsonNode byElems = call("GET", "/v4.0/alice/drop/" + small + "?filter=elems.i%20%3D%3D%201&sort=creationDate"
            + "&order=asc", "tok", null).json().path("body");
        assertEquals(List.of("1001:1", "1500:1", "2000:1"), dateAndI(byElems));
        String id = asc.get(0).path("id").asText();
        assertEquals(id, call("GET", "/v4.0/alice/drop/" + small + "/" + id, "tok", null).json().path("body")
            .path("id").asText());
    }

    private static List<String> dateAndI(JsonNode drops) {
        List<String> out = new ArrayList<>();
        drops.forEach(d -> out.add(d.path("creationDate").asLong() + ":" + d.path("elems").path("i").asInt()));
        return out;
    }

    @Test
    void theOlderApiTypesElemsUnlessHintsIsZero() throws IOException {
        sim.insert(flow, FlowthingsSimulator.JSON.readTree("{\"t\":21.5,\"n\":3,\"tags\":[\"a\"]}"));
        JsonNode typed = call("GET", "/v0.1/alice/drop/" + flow, "tok", null).json().path("body").get(0);
        assertEquals("float", typed.path("elems").path("t").path("type").asText());
        assertEquals("integer", typed.path("elems").path("n").path("type").asText());
        assertEquals("list", typed.path("elems").path("tags").path("type").asText());
        JsonNode plain = call("GET", "/v0.1/alice/drop/" + flow + "?hints=0", "tok", null).json().path("body").get(0);
        assertEquals(21.5, plain.path("elems").path("t").asDouble());
        JsonNode v4 = call("GET", "/v4.0/alice/drop/" + flow, "tok", null).json().path("body").get(0);
        assertEquals(3, v4.path("elems").path("n").asInt());
        // typed input is accepted and stored plain
        call("POST", "/v0.1/alice/drop/" + flow, "tok", "{\"elems\":{\"n\":{\"type\":\"integer\",\"value\":7}}}");
        assertEquals(7, call("GET", "/v4.0/alice/drop/" + flow + "?limit=1", "tok", null).json().path("body")
            .get(0).path("elems").path("n").asInt());
    }

    @Test
    void capacityEvictsTheOldestAndFhashIsProcessedOnce() throws IOException {
        String small = sim.createFlow("alice", "/alice/small", 3);
        sim.preloadSpaced(small, 5, 100);
        assertEquals(List.of(102L, 103L, 104L), sim.drops(small).stream()
            .map(d -> d.path("creationDate").asLong()).toList());
        assertEquals(201, call("POST", "/v4.0/alice/drop/" + flow, "tok", "{\"elems\":{},\"fhash\":\"k1\"}").status());
        Answer dup = call("POST", "/v4.0/alice/drop/" + flow, "tok", "{\"elems\":{},\"fhash\":\"k1\"}");
        assertEquals(400, dup.status());
        assertTrue(dup.json().path("head").path("errors").get(0).asText().contains("fhash"));
        assertEquals(1, sim.drops(flow).size());
        Answer byPath = call("POST", "/v4.0/alice/drop", "tok", "{\"path\":\"/alice/drinks\",\"elems\":{}}");
        assertEquals(201, byPath.status());
        assertEquals(404, call("POST", "/v4.0/alice/drop", "tok", "{\"path\":\"/alice/none\",\"elems\":{}}").status());
    }

    @Test
    void aReadAfterWriteDelayHidesNewDropsFromFind() throws IOException {
        sim.setVisibilityDelay(60_000);
        sim.insert(flow, FlowthingsSimulator.JSON.createObjectNode());
        assertEquals(0, call("GET", "/v4.0/alice/drop/" + flow, "tok", null).json().path("body").size());
        assertEquals(1, sim.drops(flow).size());
    }

    @Test
    void aSessionIsUsedOnceSubscribeIsAcknowledgedAndDropsArePushed() throws Exception {
        Request post = new Request.Builder().url(sim.wsUrl() + "/session").header("X-Auth-Account", "alice")
            .header("X-Auth-Token", "tok").post(RequestBody.create(new byte[0], null)).build();
        String sid;
        try (Response r = http.newCall(post).execute()) {
            sid = FlowthingsSimulator.JSON.readTree(r.body().string()).path("body").path("id").asText();
        }
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket ws = http.newWebSocket(new Request.Builder().url(sim.wsUrl().replace("http", "ws") + "/session/"
            + sid + "/ws").build(), new WebSocketListener() {
                @Override
                public void onMessage(WebSocket webSocket, String text) {
                    frames.add(text);
                }
            });
        ws.send("{\"msgId\":\"m1\",\"object\":\"drop\",\"type\":\"subscribe\",\"flowId\":\"" + flow + "\"}");
        ws.send("{\"type\":\"heartbeat\"}");
        ws.send("{\"msgId\":7,\"object\":\"drop\",\"type\":\"subscribe\",\"flowId\":\"f000000000000000000000000\"}");
        await().until(() -> frames.size() == 2);
        JsonNode ack = FlowthingsSimulator.JSON.readTree(frames.get(0));
        assertEquals("m1", ack.path("head").path("msgId").asText());
        assertTrue(ack.path("head").path("ok").asBoolean());
        JsonNode refused = FlowthingsSimulator.JSON.readTree(frames.get(1));
        assertEquals(7, refused.path("head").path("msgId").asInt());
        assertFalse(refused.path("head").path("ok").asBoolean());
        sim.insert(flow, FlowthingsSimulator.JSON.createObjectNode().put("x", 1));
        await().until(() -> frames.size() == 3);
        JsonNode push = FlowthingsSimulator.JSON.readTree(frames.get(2));
        assertEquals("message", push.path("type").asText());
        assertEquals(flow, push.path("resource").asText());
        assertEquals(1, push.path("value").path("elems").path("x").asInt());
        // the session id cannot be used again
        Request reuse = new Request.Builder().url(sim.wsUrl() + "/session/" + sid + "/ws").header("Upgrade",
            "websocket").get().build();
        try (Response r = http.newCall(reuse).execute()) {
            assertEquals(404, r.code());
        }
        ws.close(1000, null);
    }
}
