package io.datapoint.connect.hexoskin.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins the protocol facts the simulator reproduces, with hand-signed requests (no connector code). */
class HexoskinSimulatorTest {

    private static final long T0 = 1_704_067_200L * 256;
    private HexoskinSimulator sim;
    private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
    private long ann;

    @BeforeEach
    void start() {
        sim = HexoskinSimulator.start();
        ann = sim.createUser("ann@example.com", "pw");
        sim.apiKey("k", "s");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return HexoskinSimulator.JSON.readTree(body);
        }
    }

    private static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    private Answer signed(String method, String pathAndQuery, String secret, long ts, String key, String pw,
                          String body) throws Exception {
        String url = sim.baseUrl() + pathAndQuery;
        Request.Builder r = new Request.Builder().url(url)
            .header("X-HEXOTIMESTAMP", Long.toString(ts)).header("X-HEXOAPIKEY", key)
            .header("X-HEXOAPISIGNATURE", HexoskinSimulator.sha1(secret + ts + url))
            .header("Authorization", basic("ann@example.com", pw));
        r.method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
        try (Response resp = http.newCall(r.build()).execute()) {
            return new Answer(resp.code(), resp.body().string());
        }
    }

    private Answer get(String pathAndQuery) throws Exception {
        return signed("GET", pathAndQuery, "s", System.currentTimeMillis() / 1000, "k", "pw", null);
    }

    @Test
    void signatureCoversTheExactUrlAndFailuresAre401() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        assertEquals(200, get("/api/account/").status());
        Answer wrongSecret = signed("GET", "/api/account/", "x", now, "k", "pw", null);
        assertEquals(401, wrongSecret.status());
        assertEquals("API signature failed.", wrongSecret.json().path("error").asText());
        assertEquals(401, signed("GET", "/api/account/", "s", now, "nokey", "pw", null).status());
        assertEquals(401, signed("GET", "/api/account/", "s", now - 3600, "k", "pw", null).status(), "stale");
        Answer badLogin = signed("GET", "/api/account/", "s", now, "k", "wrong", null);
        assertEquals(401, badLogin.status());
        assertEquals("", badLogin.body(), "a bad password answers an empty body");
        // signed over one query, sent with another
        String url = sim.baseUrl() + "/api/record/?limit=1";
        Request tampered = new Request.Builder().url(sim.baseUrl() + "/api/record/?limit=2")
            .header("X-HEXOTIMESTAMP", Long.toString(now)).header("X-HEXOAPIKEY", "k")
            .header("X-HEXOAPISIGNATURE", HexoskinSimulator.sha1("s" + now + url))
            .header("Authorization", basic("ann@example.com", "pw")).build();
        try (Response r = http.newCall(tampered).execute()) {
            assertEquals(401, r.code());
        }
    }

    @Test
    void listsPaginateWithRelativeNextAndRestrictOrdering() throws Exception {
        for (int i = 0; i < 45; i++) {
            sim.createRecord(ann, T0 + i * 1000L, T0 + i * 1000L + 500, "complete");
        }
        JsonNode page = get("/api/record/").json();
        assertEquals(20, page.path("meta").path("limit").asInt(), "default limit");
        assertEquals(45, page.path("meta").path("total_count").asInt());
        String next = page.path("meta").path("next").asText();
        assertTrue(next.startsWith("/api/record/?"), "host-relative next: " + next);
        Set<Long> ids = new HashSet<>();
        page.path("objects").forEach(o -> ids.add(o.path("id").asLong()));
        while (!page.path("meta").path("next").isNull()) {
            page = get(page.path("meta").path("next").asText()).json();
            page.path("objects").forEach(o -> ids.add(o.path("id").asLong()));
        }
        assertEquals(45, ids.size());
        assertEquals(400, get("/api/record/?order_by=status").status(), "status is not orderable");
        assertEquals(45, get("/api/record/?startTimestamp__gte=99999999999999&limit=0").json()
            .path("objects").size(), "an undeclared filter is ignored, as Tastypie does");
        assertEquals(5, get("/api/record/?start__gte=" + (T0 + 40_000) + "&limit=100").json().path("objects").size());
        JsonNode r = get("/api/record/?limit=1").json().path("objects").get(0);
        assertTrue(r.path("last_modified").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"));
        assertEquals("/api/user/" + ann + "/", r.path("user").asText());
        HttpUrl lm = HttpUrl.get(sim.baseUrl() + "/api/record/").newBuilder()
            .addQueryParameter("last_modified__gte", r.path("last_modified").asText()).build();
        assertEquals(45, get(lm.encodedPath() + "?" + lm.encodedQuery() + "&limit=0").json().path("objects").size());
        assertEquals(400, get("/api/record/?last_modified__gte=yesterday").status());
    }

    @Test
    void dataIsAnArrayPerUserWithStringDatatypeKeysAndIsSubsampledAboveTheCap() throws Exception {
        long rec = sim.syncRecord(ann, T0, 256, 100, new int[] {19, 33}, (d, i) -> d + i + 0.5);
        JsonNode data = get("/api/data/?datatype__in=19%2C33&record=" + rec).json();
        assertEquals(1, data.size());
        assertEquals("/api/user/" + ann + "/", data.get(0).path("user").asText());
        assertEquals(100, data.get(0).path("data").path("19").size());
        assertEquals(T0, data.get(0).path("data").path("33").get(0).get(0).asLong());
        assertEquals(33.5, data.get(0).path("data").path("33").get(0).get(1).asDouble());
        assertEquals(11, get("/api/data/?user=" + ann + "&datatype=19&start=" + T0 + "&end=" + (T0 + 2560)).json()
            .get(0).path("data").path("19").size(), "start and end inclusive");
        sim.maxValues(40);
        JsonNode capped = get("/api/data/?datatype=19&record=" + rec).json().get(0).path("data").path("19");
        assertEquals(40, capped.size(), "subsampled to the cap");
        assertEquals(405, signed("POST", "/api/data/", "s", System.currentTimeMillis() / 1000, "k", "pw", "{}")
            .status(), "data is read-only");
        assertEquals(400, get("/api/data/?datatype=19").status(), "needs a user and a range, or a record");
    }

    @Test
    void oauth2TokenEndpointGrantsRefreshesAndRefuses() throws Exception {
        sim.oauthClient("c", "cs", ann);
        String token = sim.baseUrl() + "/api/connect/oauth2/token/";
        Request grant = new Request.Builder().url(token).header("Authorization", basic("c", "cs"))
            .post(new FormBody.Builder().add("grant_type", "password").add("username", "ann@example.com")
                .add("password", "pw").build()).build();
        JsonNode t;
        try (Response r = http.newCall(grant).execute()) {
            assertEquals(200, r.code());
            t = HexoskinSimulator.JSON.readTree(r.body().string());
        }
        assertEquals("Bearer", t.path("token_type").asText());
        try (Response r = http.newCall(new Request.Builder().url(sim.baseUrl() + "/api/account/")
            .header("Authorization", "Bearer " + t.path("access_token").asText()).build()).execute()) {
            assertEquals(200, r.code());
        }
        sim.expireAccessTokens();
        try (Response r = http.newCall(new Request.Builder().url(sim.baseUrl() + "/api/account/")
            .header("Authorization", "Bearer " + t.path("access_token").asText()).build()).execute()) {
            assertEquals(401, r.code());
        }
        try (Response r = http.newCall(new Request.Builder().url(token).header("Authorization", basic("c", "cs"))
            .post(new FormBody.Builder().add("grant_type", "refresh_token")
                .add("refresh_token", t.path("refresh_token").asText()).build()).build()).execute()) {
            assertEquals(200, r.code());
        }
        try (Response r = http.newCall(new Request.Builder().url(token).header("Authorization", basic("c", "bad"))
            .post(new FormBody.Builder().add("grant_type", "password").build()).build()).execute()) {
            assertEquals(401, r.code());
            assertTrue(r.body().string().contains("invalid_client"));
        }
        try (Response r = http.newCall(new Request.Builder().url(token).header("Authorization", basic("c", "cs"))
            .post(new FormBody.Builder().add("grant_type", "password").add("username", "ann@example.com")
                .add("password", "nope").build()).build()).execute()) {
            assertEquals(400, r.code());
            assertTrue(r.body().string().contains("invalid_grant"));
        }
    }

    @Test
    void annotationsAreCreatedWith201AndLocationAndValidated() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Answer created = signed("POST", "/api/annotation/", "s", now, "k", "pw", "{\"user\": \"/api/user/" + ann
            + "/\", \"start\": " + T0 + ", \"annotation\": \"hi\", \"datatype\": 19}");
        assertEquals(201, created.status());
        assertEquals("/api/datatype/19/", created.json().path("datatype").asText());
        assertEquals(1, get("/api/annotation/?user=" + ann + "&start=" + T0).json().path("objects").size());
        Answer bad = signed("POST", "/api/annotation/", "s", now, "k", "pw", "{\"user\": " + ann
            + ", \"start\": 5, \"datatype\": 999999}");
        assertEquals(400, bad.status());
        assertTrue(bad.json().path("annotation").has("datatype"), bad.body());
        long other = sim.createUser("zed@example.com", "z");
        assertEquals(403, signed("POST", "/api/annotation/", "s", now, "k", "pw", "{\"user\": " + other
            + ", \"start\": 5}").status());
        assertEquals(404, get("/api/user/" + other + "/").status(), "invisible users are 404");
        assertEquals(405, signed("DELETE", "/api/annotation/", "s", now, "k", "pw", null).status());
    }

    @Test
    void bulkPatchCreatesAllOrNothingAndAnswers202() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String u = "\"user\": \"/api/user/" + ann + "/\"";
        Answer ok = signed("PATCH", "/api/annotation/", "s", now, "k", "pw", "{\"objects\": [{" + u + ", \"start\": "
            + T0 + ", \"annotation\": \"a\", \"datatype\": \"/api/datatype/19/\"}, {" + u + ", \"start\": "
            + (T0 + 256) + ", \"annotation\": \"b\"}]}");
        assertEquals(202, ok.status());
        assertEquals("", ok.body(), "Tastypie's default: 202 Accepted without a body");
        assertEquals(2, sim.annotations().size());

        // one bad object (unknown field, missing start, unknown datatype) fails the whole request; nothing stored
        for (String bad : new String[] {"{" + u + ", \"start\": 1, \"colour\": \"red\"}", "{" + u + "}",
            "{" + u + ", \"start\": 1, \"datatype\": 999999}"}) {
            Answer refused = signed("PATCH", "/api/annotation/", "s", now, "k", "pw", "{\"objects\": [{" + u
                + ", \"start\": " + (T0 + 512) + "}, " + bad + "]}");
            assertEquals(400, refused.status(), bad);
            assertTrue(refused.json().has("annotation"), refused.body());
            assertEquals(2, sim.annotations().size(), "all or nothing: " + bad);
        }
        assertEquals(400, signed("PATCH", "/api/annotation/", "s", now, "k", "pw", "[{" + u + ", \"start\": 1}]")
            .status(), "the objects go in an envelope");
        long other = sim.createUser("zed@example.com", "z");
        assertEquals(403, signed("PATCH", "/api/annotation/", "s", now, "k", "pw", "{\"objects\": [{" + u
            + ", \"start\": 1}, {\"user\": " + other + ", \"start\": 1}]}").status());
        assertEquals(401, signed("PATCH", "/api/annotation/", "x", now, "k", "pw", "{\"objects\": []}").status(),
            "signed like every request");
        assertEquals(2, sim.annotations().size());

        // an object with the URI of a stored one updates it; deleted_objects deletes
        String first = sim.annotations().get(0).path("resource_uri").asText();
        String second = sim.annotations().get(1).path("resource_uri").asText();
        assertEquals(202, signed("PATCH", "/api/annotation/", "s", now, "k", "pw", "{\"objects\": [{\"resource_uri\":"
            + " \"" + first + "\", \"annotation\": \"edited\"}], \"deleted_objects\": [\"" + second + "\"]}")
            .status());
        assertEquals(1, sim.annotations().size());
        assertEquals("edited", sim.annotations().get(0).path("annotation").asText());
        assertEquals(T0, sim.annotations().get(0).path("start").asLong(), "fields not sent are kept");

        sim.bulkReturnsData(true);
        Answer data = signed("PATCH", "/api/range/", "s", now, "k", "pw", "{\"objects\": [{" + u + ", \"start\": "
            + T0 + ", \"end\": " + (T0 + 256) + ", \"name\": \"run\"}]}");
        assertEquals(202, data.status());
        assertEquals("run", data.json().path("objects").get(0).path("name").asText());
        assertEquals(405, signed("PATCH", "/api/record/", "s", now, "k", "pw", "{\"objects\": []}").status());
    }

    @Test
    void faultsApplyToBulkPatch() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        sim.failNext(1, "PATCH", "/api/annotation/", 503);
        String body = "{\"objects\": [{\"user\": " + ann + ", \"start\": " + T0 + "}]}";
        assertEquals(503, signed("PATCH", "/api/annotation/", "s", now, "k", "pw", body).status());
        assertEquals(0, sim.annotations().size(), "a 503 is not carried out");
        sim.dropResponseOfNext(1, "PATCH", "/api/annotation/");
        // a client that does not send it again by itself, as the connector's transport
        OkHttpClient once = http.newBuilder().retryOnConnectionFailure(false).build();
        String url = sim.baseUrl() + "/api/annotation/";
        Request r = new Request.Builder().url(url).header("X-HEXOTIMESTAMP", Long.toString(now))
            .header("X-HEXOAPIKEY", "k").header("X-HEXOAPISIGNATURE", HexoskinSimulator.sha1("s" + now + url))
            .header("Authorization", basic("ann@example.com", "pw"))
            .patch(RequestBody.create(body, MediaType.get("application/json"))).build();
        assertThrows(IOException.class, () -> once.newCall(r).execute().close(), "the connection closes unanswered");
        assertEquals(1, sim.annotations().size(), "carried out, answer lost");
    }
}
