package io.datapoint.connect.iotile.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins the protocol facts of protocols/iotile.md that the connectors rely on. */
class IotileSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "p--0000-0005";
    private static final String DEVICE = "d--0000-0000-0000-000a";
    private static final String STREAM = "s--0000-0005--0000-0000-0000-000a--5001";
    private static final String OTHER = "s--0000-0005--0000-0000-0000-000a--5002";
    private static final String VIRTUAL = "s--0000-0005--0000-0000-0000-0000--5010";
    private static IotileSimulator sim;
    private static OkHttpClient http;
    private static String jwt;

    @BeforeAll
    static void start() throws IOException {
        sim = IotileSimulator.start();
        sim.createUser("ann@example.com", "pw");
        sim.createUser("bob@example.com", "pw2");
        sim.createProject("ann@example.com", PROJECT, "demo");
        sim.createDevice(PROJECT, DEVICE);
        sim.createStream(STREAM, "temperature");
        http = new OkHttpClient.Builder().followRedirects(false).retryOnConnectionFailure(false).build();
        jwt = login("ann@example.com", "pw").path("jwt").asText();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private record Reply(int code, JsonNode json, String wwwAuthenticate) {
    }

    private static Reply call(String method, String path, String auth, String body) throws IOException {
        Request.Builder b = new Request.Builder().url(sim.baseUrl() + path);
        if (auth != null) {
            b.header("Authorization", auth);
        }
        b.method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
        try (Response r = http.newCall(b.build()).execute()) {
            String text = r.body().string();
            return new Reply(r.code(), text.isEmpty() ? null : JSON.readTree(text), r.header("WWW-Authenticate"));
        }
    }

    private static JsonNode login(String email, String password) throws IOException {
        return call("POST", "/api/v1/auth/login/", null, "{\"email\":\"" + email + "\",\"password\":\"" + password
            + "\"}").json();
    }

    private static Reply get(String path) throws IOException {
        return call("GET", path, "JWT " + jwt, null);
    }

    @Test
    void loginAnswersAJwtWithTheDrfClaimsAndRefusesBadCredentialsWithABareString() throws IOException {
        JsonNode ok = login("ann@example.com", "pw");
        assertEquals("ann@example.com", ok.path("email").asText());
        assertTrue(ok.path("token").isTextual());
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(ok.path("jwt").asText().split("\\.")[1]));
        for (String claim : List.of("user_id", "username", "email", "exp", "orig_iat")) {
            assertTrue(claims.has(claim), claim);
        }
        assertTrue(claims.path("exp").asLong() > Instant.now().plus(Duration.ofDays(6)).getEpochSecond());

        Reply bad = call("POST", "/api/v1/auth/login/", null, "{\"email\":\"ann@example.com\",\"password\":\"no\"}");
        assertEquals(401, bad.code());
        assertEquals("Username/password combination invalid.", bad.json().asText());
        Reply missing = call("POST", "/api/v1/auth/login/", null, "{\"email\":\"ann@example.com\"}");
        assertEquals(400, missing.code());
        assertEquals("This field is required.", missing.json().path("password").get(0).asText());
        Reply again = call("POST", "/api/v1/auth/login/", "JWT " + jwt, "{\"email\":\"ann@example.com\","
            + "\"password\":\"pw\"}");
        assertEquals(403, again.code(), "a login that is already authenticated is refused");
        assertEquals("Already Logged-in", again.json().asText());
    }

    @Test
    void unauthenticatedCallsGet401WithAJwtChallengeAndBothSchemeSpellingsWork() throws IOException {
        Reply none = call("GET", "/api/v1/account/", null, null);
        assertEquals(401, none.code());
        assertEquals("JWT realm=\"api\"", none.wwwAuthenticate());
        assertEquals("Authentication credentials were not provided.", none.json().path("detail").asText());
        assertEquals(200, call("GET", "/api/v1/account/", "jwt " + jwt, null).code());
        assertEquals(200, call("GET", "/api/v1/account/", "JWT " + jwt, null).code());
        assertEquals(200, call("GET", "/api/v1/account/", "Token " + sim.drfToken("ann@example.com"), null).code());
        assertEquals("Error decoding signature.", call("GET", "/api/v1/account/", "JWT " + jwt + "x", null).json()
            .path("detail").asText());
    }

    @Test
    void anExpiredTokenIsRefusedAndCannotBeRefreshedWhileAValidOneRefreshes() throws IOException {
        String token = login("ann@example.com", "pw").path("jwt").asText();
        Reply refreshed = call("POST", "/api/v1/auth/api-jwt-refresh/", null, "{\"token\":\"" + token + "\"}");
        assertEquals(200, refreshed.code());
        String fresh = refreshed.json().path("token").asText();
        assertEquals(200, call("GET", "/api/v1/account/", "JWT " + fresh, null).code());
        sim.expireIssuedTokens();
        Reply expired = call("GET", "/api/v1/account/", "JWT " + fresh, null);
        assertEquals(401, expired.code());
        assertEquals("Signature has expired.", expired.json().path("detail").asText());
        Reply noRefresh = call("POST", "/api/v1/auth/api-jwt-refresh/", null, "{\"token\":\"" + fresh + "\"}");
        assertEquals(400, noRefresh.code());
        assertEquals("Signature has expired.", noRefresh.json().path("non_field_errors").get(0).asText());
        jwt = login("ann@example.com", "pw").path("jwt").asText();
    }

    @Test
    void dataIsOrderedByReadingIdThenTimeWithWholeSecondTimesAndPagedWithAbsoluteNext() throws IOException {
        String s = "s--0000-0005--0000-0000-0000-000a--5003";
        sim.deviceReadings(s, 3, 2_000_000_000L, 10, 100);      // ids n..n+2, late times
        sim.apiBurst(s, 3, 1_900_000_000L, 7);                  // streamer_local_id 0
        sim.deviceReadings(s, 2, 1_000_000_000L, 10, 200);      // a late upload: old times, higher ids
        JsonNode page = get("/api/v1/data/?filter=" + s + "&page_size=4").json();
        assertEquals(8, page.path("count").asInt());
        List<Long> sids = new ArrayList<>();
        page.path("results").forEach(r -> sids.add(r.path("streamer_local_id").asLong()));
        assertEquals(List.of(0L, 0L, 0L), sids.subList(0, 3), "API-written readings first");
        assertTrue(page.path("results").get(0).path("timestamp").asText().matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), "whole seconds with Z");
        assertEquals(13, page.path("results").get(0).size(), "all 13 fields");
        String next = page.path("next").asText();
        assertTrue(next.startsWith(sim.baseUrl() + "/api/v1/data/?") && next.contains("page=2")
            && next.contains("filter=" + s), next);
        JsonNode second = call("GET", next.substring(sim.baseUrl().length()), "JWT " + jwt, null).json();
        assertTrue(second.path("next").isNull());
        List<Long> rest = new ArrayList<>();
        second.path("results").forEach(r -> rest.add(r.path("streamer_local_id").asLong()));
        assertEquals(4, rest.size());
        assertTrue(rest.get(0) > sids.get(3) && rest.get(3) > rest.get(2), "by reading id: " + sids + rest);
        assertEquals(404, get("/api/v1/data/?filter=" + s + "&page_size=4&page=3").code());
        JsonNode old = get("/api/v1/data/?filter=" + s + "&streamer_id_min=" + (rest.get(2) + 0)).json();
        assertEquals(2, old.path("count").asInt(), "streamer_id_min is inclusive");
        // the burst is at 1_900_000_000 = 2030-03-17T17:46:40Z: start is inclusive, end exclusive, at whole seconds
        String api = "/api/v1/data/?filter=" + s + "&streamer_id_max=0";
        assertEquals(3, get(api + "&start=2030-03-17T17:46:40Z&end=2030-03-17T17:46:41Z").json().path("count").asInt());
        assertEquals(0, get(api + "&start=2030-03-17T17:46:41Z").json().path("count").asInt());
        assertEquals(0, get(api + "&end=2030-03-17T17:46:40Z").json().path("count").asInt());
    }

    @Test
    void pageSizeIsClampedToTenThousandAndAnUnknownOrForeignFilterAnswersEmpty() throws IOException {
        sim.deviceReadings(OTHER, 10_050, 1_500_000_000L, 1, 0);
        JsonNode page = get("/api/v1/data/?filter=" + OTHER + "&page_size=50000").json();
        assertEquals(10_000, page.path("results").size());
        assertEquals(1000, get("/api/v1/data/?filter=" + OTHER).json().path("results").size(), "default 1000");
        Reply unknown = get("/api/v1/data/?filter=s--0000-0099--0000-0000-0000-0001--5001");
        assertEquals(200, unknown.code());
        assertEquals(0, unknown.json().path("count").asInt());
        assertEquals(0, get("/api/v1/data/?filter=x--1").json().path("count").asInt());
        assertEquals(0, get("/api/v1/data/").json().path("count").asInt());
        String bobJwt = login("bob@example.com", "pw2").path("jwt").asText();
        assertEquals(0, call("GET", "/api/v1/data/?filter=" + OTHER, "JWT " + bobJwt, null).json().path("count")
            .asInt(), "no read permission: 200 and nothing");
        Reply badTime = get("/api/v1/data/?filter=" + OTHER + "&start=yesterday");
        assertEquals(400, badTime.code());
        assertEquals("Enter a valid date/time.", badTime.json().path("start").get(0).asText());
    }

    @Test
    void postsAreAllOrNothingWithPerItemErrorsAndShortSlugsAreRepaddedOnDetailUrls() throws IOException {
        Reply one = call("POST", "/api/v1/data/", "JWT " + jwt, "{\"stream\":\"" + VIRTUAL
            + "\",\"timestamp\":\"2024-01-01T00:00:00.250Z\",\"int_value\":5,\"type\":\"Num\"}");
        assertEquals(201, one.code());
        assertEquals("2024-01-01T00:00:00Z", one.json().path("timestamp").asText());
        Reply many = call("POST", "/api/v1/data/", "JWT " + jwt, "[{\"stream\":\"" + VIRTUAL
            + "\",\"timestamp\":\"2024-01-01T00:00:01Z\",\"int_value\":6},{\"stream\":\"" + VIRTUAL
            + "\",\"timestamp\":\"2024-01-01T00:00:02Z\",\"int_value\":7}]");
        assertEquals(201, many.code());
        assertEquals(2, many.json().path("count").asInt());
        int before = sim.data(VIRTUAL).size();
        Reply bad = call("POST", "/api/v1/data/", "JWT " + jwt, "[{\"stream\":\"" + VIRTUAL
            + "\",\"timestamp\":\"2024-01-01T00:00:03Z\",\"int_value\":8},{\"stream\":\"" + VIRTUAL
            + "\",\"timestamp\":\"2024-01-01T00:00:04Z\",\"int_value\":9,\"value\":1.0}]");
        assertEquals(400, bad.code());
        assertEquals(0, bad.json().get(0).size());
        assertEquals("Only int_value or value should be used", bad.json().get(1).path("non_field_errors").get(0)
            .asText());
        assertEquals(before, sim.data(VIRTUAL).size(), "nothing of a refused array is stored");
        assertEquals(404, call("POST", "/api/v1/data/", "JWT " + jwt, "[{\"stream\":\"s--0000-0099--0000-0000-0000-"
            + "0000--5001\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"int_value\":1}]").code());
        assertEquals(STREAM, get("/api/v1/stream/s--5--a--5001/").json().path("slug").asText());
        assertEquals(404, get("/api/v1/stream/" + VIRTUAL + "/").code());
        assertEquals(301, get("/api/v1/account").code(), "no trailing slash: redirected");
    }

    @Test
    void aStoreThenDropFaultStoresTheWriteButLosesTheAnswer() throws IOException {
        String s = "s--0000-0005--0000-0000-0000-0000--5011";
        sim.storeThenDropNext(1, "POST", "/api/v1/data/");
        try {
            call("POST", "/api/v1/data/", "JWT " + jwt, "[{\"stream\":\"" + s
                + "\",\"timestamp\":\"2024-01-01T00:00:01Z\",\"int_value\":6}]");
            throw new AssertionError("the answer should have been lost");
        } catch (IOException expected) {
            // cut connection
        }
        assertEquals(1, sim.data(s).size());
        assertFalse(sim.calls().isEmpty());
    }
}
