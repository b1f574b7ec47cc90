package io.datapoint.connect.heedy.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Pins heedy's REST protocol facts against the simulator with a plain OkHttp client. */
class HeedySimulatorHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private HeedySimulator sim;
    private OkHttpClient http;
    private String token;
    private String app;
    private String ts;

    /** A status and body. */
    private record Reply(int code, String body, okhttp3.Headers headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void start() {
        sim = HeedySimulator.start();
        sim.setAuthFailureDelay(Duration.ZERO);
        http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        token = sim.createApp("alice", false);
        app = sim.appId(token);
        ts = sim.createTimeseries("alice", app, "temp", "temp", "a b", null);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Reply call(String method, String pathAndQuery, String body, String bearer)
            throws IOException {
        Request.Builder b = new Request.Builder().url(sim.baseUrl() + pathAndQuery);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        b.method(method, body == null ? null : RequestBody.create(body, JSON_TYPE));
        try (Response r = http.newCall(b.build()).execute()) {
            return new Reply(r.code(), r.body().string(), r.headers());
        }
    }

    private Reply get(String path) throws IOException {
        return call("GET", path, null, token);
    }

    private Reply post(String path, String body) throws IOException {
        return call("POST", path, body, token);
    }

    private String series() {
        return "/api/objects/" + ts + "/timeseries";
    }

    @Test
    void unknownQueryParameterIs400SchemaError() throws IOException {
        Reply r = get(series() + "?foo=1");
        assertEquals(400, r.code());
        assertEquals("schema", r.json().get("error").asText());
        assertEquals("invalid path \"foo\"", r.json().get("error_description").asText());
        assertEquals(20, r.json().get("id").asText().length());
        assertEquals("application/json; charset=utf-8", r.headers().get("Content-Type"));
        // names are case-insensitive, and access_token is an unknown key on the list endpoint
        assertEquals(200, get(series() + "?LIMIT=1").code());
        assertEquals(
                400,
                get("/api/objects?access_token=" + token.replace("+", "%2B").replace("/", "%2F"))
                        .code());
    }

    @Test
    void badTokenIs401WithHeedyBodyAndNoTokenIsPublic() throws IOException {
        Reply bad = call("GET", "/api/objects", null, "AAAAAAAAAAAAAAAAAAAA");
        assertEquals(401, bad.code());
        assertEquals("access_denied", bad.json().get("error").asText());
        assertEquals(
                "access_denied: invalid API key", bad.json().get("error_description").asText());

        Request basic =
                new Request.Builder()
                        .url(sim.baseUrl() + "/api/objects")
                        .header("Authorization", "Basic eDp5")
                        .build();
        try (Response r = http.newCall(basic).execute()) {
            assertEquals(401, r.code());
            assertEquals(
                    "bad_request: Malformed authorization header",
                    JSON.readTree(r.body().string()).get("error_description").asText());
        }
        Reply lowercase = call("GET", "/api/objects", null, null);
        assertEquals("[]", lowercase.body()); // public: empty, not 401
        Request lower =
                new Request.Builder()
                        .url(sim.baseUrl() + "/api/objects")
                        .header("Authorization", "bearer " + token)
                        .build();
        try (Response r = http.newCall(lower).execute()) {
            assertEquals(1, JSON.readTree(r.body().string()).size());
        }
        assertEquals(
                403, call("GET", series(), null, null).code()); // private object reads as not_found
    }

    @Test
    void objectJsonHasHeedysShape() throws IOException {
        JsonNode o = get("/api/objects/" + ts).json();
        assertEquals("a b", o.get("tags").asText());
        assertEquals("*", o.get("access").asText());
        assertEquals("*", o.get("owner_scope").asText());
        assertTrue(o.get("meta").get("schema").isObject());
        assertTrue(o.get("modified_date").isNull());
        assertFalse(o.has("icon"));
        String userObject = sim.createTimeseries("alice", null, "mine", null, "", null);
        JsonNode u = get("/api/objects/" + userObject).json();
        assertTrue(u.get("app").isNull());
        assertFalse(u.has("key"));
        assertEquals(1, get("/api/objects?app=").json().size());
        assertEquals(1, get("/api/objects?app=self").json().size());
        assertEquals(1, get("/api/objects?key=").json().size());
        assertEquals(1, get("/api/objects?tags=b%20a").json().size());
        assertEquals(0, get("/api/objects?tags=a%20c").json().size());
        assertEquals("0.6.0-dev", get("/api/server/version").body());
        assertEquals(app, get("/api/apps/self").json().get("id").asText());
    }

    @Test
    void missingObjectAnswers403NotFoundAndUnknownRoutes404() throws IOException {
        Reply r = get("/api/objects/00000000-0000-0000-0000-000000000000/timeseries");
        assertEquals(403, r.code());
        assertEquals("not_found", r.json().get("error").asText());
        assertEquals(404, get("/api/nothing").code());
        assertEquals(
                "The given endpoint is not available",
                get("/api/nothing").json().get("error_description").asText());
    }

    @Test
    void createObjectEnforcesKeyRules() throws IOException {
        Reply created =
                post("/api/objects", "{\"name\":\"n\",\"type\":\"timeseries\",\"key\":\"k1\"}");
        assertEquals(200, created.code());
        assertEquals(app, created.json().get("app").asText());
        Reply dup =
                post("/api/objects", "{\"name\":\"n2\",\"type\":\"timeseries\",\"key\":\"k1\"}");
        assertEquals(400, dup.code());
        assertEquals("server_error", dup.json().get("error").asText());
        assertTrue(
                dup.json()
                        .get("error_description")
                        .asText()
                        .startsWith("UNIQUE constraint failed"));
        assertEquals(
                "bad_request",
                post("/api/objects", "{\"name\":\"n\"}").json().get("error").asText());
    }

    @Test
    void timeRangeIsHalfOpen() throws IOException {
        sim.preload(ts, 10, 1, 1); // t = 1..10
        JsonNode r = get(series() + "?t1=3&t2=6").json();
        assertEquals(3, r.size());
        assertEquals(3, r.get(0).get("t").asDouble());
        assertEquals(5, r.get(2).get("t").asDouble());
        assertEquals(1, get(series() + "?t=4").json().size());
        assertEquals(0, get(series() + "?t=4.5").json().size());
    }

    @Test
    void indexRulesI2ZeroNegativesAndClamping() throws IOException {
        sim.preload(ts, 10, 1, 1);
        assertEquals("[]", get(series() + "?i2=0").body());
        JsonNode tail = get(series() + "?i1=-2").json();
        assertEquals(
                List.of(9.0, 10.0),
                List.of(tail.get(0).get("t").asDouble(), tail.get(1).get("t").asDouble()));
        assertEquals(10, get(series() + "?i1=-100").json().size());
        assertEquals("[]", get(series() + "?i1=100").body());
        assertEquals(9, get(series() + "?i=-2").json().get(0).get("t").asDouble());
        assertEquals(
                2, get(series() + "?i1=1&i2=-1&t1=6&t2=40").json().get(0).get("d").asInt() - 3);
        assertEquals("[]", get(series() + "?i1=-1&i2=0").body());
        assertEquals(400, get(series() + "?t=3&t1=1").code());
        assertEquals(
                "cannot query by single index and single timestamp at the same time",
                get(series() + "?t=3&i2=4").json().get("error_description").asText());
        assertEquals(400, get(series() + "?i=3&i1=1").code());
        assertEquals(3, get(series() + "?limit=3").json().size());
        assertEquals(400, get(series() + "?transform=d").code());
    }

    @Test
    void relativeTimeNowMinus10sSeesAFreshPointButNowDoesNot() throws IOException {
        sim.insert(
                ts,
                List.of(
                        new Datapoint(
                                System.currentTimeMillis() / 1000.0 - 1, 0, JSON.valueToTree(1))));
        assertEquals(1, get(series() + "?t1=now-10s").json().size());
        assertEquals(0, get(series() + "?t1=now").json().size());
        assertEquals(400, get(series() + "?t1=now-10parsecs").code());
    }

    @Test
    void writesEnforceOrderingAndMethods() throws IOException {
        Reply unordered = post(series(), "[{\"t\":2,\"d\":1},{\"t\":1,\"d\":2}]");
        assertEquals(400, unordered.code());
        assertEquals("bad_query", unordered.json().get("error").asText());
        assertEquals(
                "data must be ordered with increasing timestamps, and durations must not intersect",
                unordered.json().get("error_description").asText());
        assertEquals(
                "durations can't be negative",
                post(series(), "[{\"t\":2,\"dt\":-1,\"d\":1}]")
                        .json()
                        .get("error_description")
                        .asText());
        assertEquals(400, post(series(), "[{\"t\":1,\"dt\":5,\"d\":1},{\"t\":3,\"d\":2}]").code());
        assertEquals(400, post(series(), "[null]").code());
        assertEquals(0, sim.length(ts)); // all or nothing

        Reply ok = post(series(), "[{\"t\":1,\"d\":1},{\"t\":2,\"d\":2},{\"t\":3,\"d\":3}]");
        assertEquals("{\"result\":\"ok\"}", ok.body());
        // update replaces the point with equal t, other points survive
        assertEquals(200, post(series(), "[{\"t\":2,\"d\":20}]").code());
        assertEquals(3, sim.length(ts));
        assertEquals(20, sim.data(ts).get(1).d().asInt());
        // insert rejects a collision; append rejects anything at or before the end
        Reply conflict = post(series() + "?method=insert", "[{\"t\":2,\"d\":7}]");
        assertEquals(
                "conflict with existing datapoint",
                conflict.json().get("error_description").asText());
        assertEquals(200, post(series() + "?method=insert", "[{\"t\":1.5,\"d\":7}]").code());
        assertEquals(400, post(series() + "?method=append", "[{\"t\":2.5,\"d\":7}]").code());
        assertEquals(
                200,
                post(series() + "?method=append", "[{\"t\":3,\"d\":3}]")
                        .code()); // identical last point
        assertEquals(200, post(series() + "?method=append", "[{\"t\":4,\"d\":4}]").code());
        assertEquals(
                "Unrecognized insert method",
                post(series() + "?method=upsert", "[{\"t\":9,\"d\":4}]")
                        .json()
                        .get("error_description")
                        .asText());
        // a missing t is 0; [] succeeds
        assertEquals(200, post(series(), "[{\"d\":0}]").code());
        assertEquals(0.0, sim.data(ts).get(0).t());
        assertEquals(200, post(series(), "[]").code());
        assertEquals("6", get(series() + "/length").body());
    }

    @Test
    void schemaValidationFailsWithAGenericMessage() throws IOException {
        String strict =
                sim.createTimeseries(
                        "alice",
                        app,
                        "n",
                        null,
                        null,
                        JSON.readTree("{\"type\":\"number\",\"minimum\":0}"));
        Reply r =
                post(
                        "/api/objects/" + strict + "/timeseries",
                        "[{\"t\":1,\"d\":1},{\"t\":2,\"d\":\"x\"}]");
        assertEquals(400, r.code());
        assertEquals("bad_query", r.json().get("error").asText());
        assertEquals(
                "The data failed schema validation", r.json().get("error_description").asText());
        assertEquals(0, sim.length(strict));
        assertEquals(
                200,
                post(
                                "/api/objects/" + strict + "/timeseries?validate=false",
                                "[{\"t\":2,\"d\":\"x\"}]")
                        .code());
    }

    @Test
    void readOnlyTokenGets403OnWrite() throws IOException {
        String reader = sim.createApp("alice", true);
        Reply r = call("POST", series(), "[{\"t\":1,\"d\":1}]", reader);
        assertEquals(403, r.code());
        assertEquals("access_denied", r.json().get("error").asText());
        assertEquals("Insufficient permissions", r.json().get("error_description").asText());
        assertEquals(200, call("GET", series(), null, reader).code());
    }

    @Test
    void deleteNeedsAConstraint() throws IOException {
        sim.preload(ts, 10, 1, 1);
        assertEquals(
                "no index or time range specified",
                call("DELETE", series(), null, token).json().get("error_description").asText());
        assertEquals(200, call("DELETE", series() + "?t1=3&t2=5", null, token).code());
        assertEquals(8, sim.length(ts));
        assertEquals(200, call("DELETE", series() + "?i=-1", null, token).code());
        assertEquals(9.0, sim.data(ts).get(sim.length(ts) - 1).t());
    }

    @Test
    void gzipWhenAskedAndGoNumbersOnTheWire() throws IOException {
        sim.insert(ts, List.of(new Datapoint(1584812297.1, 0, JSON.valueToTree(1234567))));
        Request req =
                new Request.Builder()
                        .url(sim.baseUrl() + series())
                        .header("Authorization", "Bearer " + token)
                        .header("Accept-Encoding", "gzip")
                        .build();
        try (Response r = http.newCall(req).execute()) {
            assertEquals("gzip", r.header("Content-Encoding"));
            String body = new String(new GZIPInputStream(r.body().byteStream()).readAllBytes());
            assertEquals("[{\"t\":1.5848122971e+09,\"d\":1234567}]", body);
        }
        assertNull(get(series()).headers().get("Content-Encoding"));
    }

    @Test
    void v051ModeLeaksPointsAtOrAfterT2FromTheFirstBatch() throws IOException {
        sim.preload(ts, 10, 1, 1);
        assertEquals(3, get(series() + "?t1=3&t2=6").json().size());
        sim.setV051Mode(true);
        assertEquals(8, get(series() + "?t1=3&t2=6").json().size());
    }

    @Test
    void failNextAnswersWithRetryAfterThenRecovers() throws IOException {
        sim.failNext(1, 429, "2", "/api/objects/");
        Reply r = get(series());
        assertEquals(429, r.code());
        assertEquals("2", r.headers().get("Retry-After"));
        assertTrue(r.json().has("error_description"));
        assertEquals(200, get(series()).code());
        sim.failNext(1, 503, null, null);
        assertEquals(503, get("/api/server/version").code());
        List<RecordedCall> calls = sim.calls();
        assertEquals("fail", calls.get(calls.size() - 1).fault());
    }

    @Test
    void storeThenDropStoresAlthoughTheClientFails() {
        sim.storeThenDropNext(1, series());
        assertThrows(IOException.class, () -> post(series(), "[{\"t\":1,\"d\":1}]"));
        assertEquals(1, sim.length(ts));
    }

    @Test
    void resetStoresNothingAndTruncateCutsTheBody() {
        sim.resetConnectionNext(1, series());
        assertThrows(IOException.class, () -> post(series(), "[{\"t\":1,\"d\":1}]"));
        assertEquals(0, sim.length(ts));
        sim.preload(ts, 100, 1, 1);
        sim.truncateNext(1, series());
        assertThrows(IOException.class, () -> get(series()));
        assertEquals(-1, sim.calls().get(0).status());
    }

    @Test
    void tenThousandPointBackfillRoundTrips() throws IOException {
        StringBuilder body = new StringBuilder("[");
        for (int k = 0; k < 10_000; k++) {
            body.append(k == 0 ? "" : ",")
                    .append("{\"t\":")
                    .append(1.6e9 + k)
                    .append(",\"d\":")
                    .append(k)
                    .append('}');
        }
        assertEquals(200, post(series(), body.append(']').toString()).code());
        JsonNode all = get(series() + "?t1=0").json();
        assertEquals(10_000, all.size());
        assertEquals(9_999, all.get(9_999).get("d").asInt());
        assertEquals(500, get(series() + "?i1=-500").json().size());
    }

    @Test
    void generatedSeriesAnswersLikeTheSamePointsStored() throws IOException {
        String generated = sim.createTimeseries("alice", app, "gen", "gen", null, null);
        sim.preload(ts, 1_000, 1.6e9, 0.001);
        sim.generate(generated, 1_000, 1.6e9, 0.001);
        String storedUrl = series();
        String generatedUrl = "/api/objects/" + generated + "/timeseries";
        for (String query :
                List.of(
                        "",
                        "?limit=7",
                        "?t1=1600000000.1&limit=5",
                        "?t1=1600000000.1005&t2=1600000000.2",
                        "?t1=1600000000.999",
                        "?t2=1600000000.003",
                        "?t=1600000000.5",
                        "?t=1600000000.5005",
                        "?i=-1",
                        "?i=3",
                        "?i1=-2",
                        "?i1=10&i2=20&t1=1600000000.015",
                        "?i1=100&limit=3",
                        "?i1=2000")) {
            assertEquals(get(storedUrl + query).body(), get(generatedUrl + query).body(), query);
        }
        assertEquals("1000", get(generatedUrl + "/length").body());
        assertEquals(1_000, sim.length(generated));
        assertEquals(500, post(generatedUrl, "[{\"t\":1,\"d\":1}]").code());
    }

    @Test
    void callLogRedactsTokensInQueries() throws IOException {
        call(
                "GET",
                series() + "/length?access_token=" + token.replace("+", "%2B").replace("/", "%2F"),
                null,
                null);
        RecordedCall last = sim.calls().get(sim.calls().size() - 1);
        assertEquals(200, last.status());
        assertEquals("access_token=REDACTED", last.query());
    }
}
