package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.datapoint.connect.connectordb.sim.CdbTestClient.keyAuth;
import static io.datapoint.connect.connectordb.sim.CdbTestClient.userAuth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins the REST protocol facts of shared/protocols/connectordb.md against the simulator with a plain client. */
class ConnectorDbSimulatorRestTest {
    private static final String TEMP = "/api/v1/crud/alice/phone/temp";

    private ConnectorDbSimulator sim;
    private CdbTestClient client;
    private String key;

    @BeforeEach
    void setUp() {
        sim = ConnectorDbSimulator.start();
        sim.setFailedLoginDelay(Duration.ofMillis(5));
        sim.createUser("alice", "secret");
        key = sim.createDevice("alice", "phone");
        sim.createStream("alice/phone/temp", schema("number"), false);
        client = new CdbTestClient(sim.baseUrl());
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private static ObjectNode schema(String type) {
        return GoJson.MAPPER.createObjectNode().put("type", type);
    }

    private void insertTimes(double... ts) {
        List<Datapoint> points = new ArrayList<>();
        for (double t : ts) {
            points.add(Datapoint.of(t, GoJson.MAPPER.getNodeFactory().numberNode(t * 10)));
        }
        sim.insert("alice/phone/temp", points);
    }

    private List<Double> times(CdbTestClient.Reply reply) {
        assertEquals(200, reply.code(), reply.body());
        List<Double> out = new ArrayList<>();
        reply.json().forEach(p -> out.add(p.get("t").asDouble()));
        return out;
    }

    private List<Double> read(String query) {
        return times(client.get(TEMP + "/data?" + query, keyAuth(key)));
    }

    private static void assertError(CdbTestClient.Reply r, int status, String msg) {
        assertEquals(status, r.code(), r.body());
        JsonNode body = r.json();
        assertEquals(status, body.get("code").asInt());
        assertEquals(msg, body.get("msg").asText());
        UUID.fromString(body.get("ref").asText()); // a UUID
        assertEquals(3, body.size());
        assertTrue(r.contentType().startsWith("application/json"));
        assertEquals("no-store, must-revalidate", r.headers().get("Cache-Control"));
    }

    // ---- authentication ---------------------------------------------------------------------------------------

    @Test
    void everyAuthFormIdentifiesItsDevice() {
        assertEquals("alice/phone", client.get("/api/v1/?q=this", keyAuth(key)).body());
        assertEquals("alice/user", client.get("/api/v1/?q=this", userAuth("alice", "secret")).body());
        assertEquals("alice/user", client.get("/api/v1/?q=this", userAuth("alice@example.com", "secret")).body());
        assertEquals("alice/phone", client.get("/api/v1/?q=this&apikey=" + key, null).body());
        CdbTestClient.Reply nobody = client.get("/api/v1/?q=this", null);
        assertEquals(200, nobody.code());
        assertEquals("nobody", nobody.body());
        assertTrue(nobody.contentType().startsWith("text/plain"));
    }

    @Test
    void loginSetsASessionCookieThatAuthenticates() {
        CdbTestClient.Reply login = client.get("/api/v1/login", keyAuth(key));
        assertEquals("ok", login.body());
        String cookie = login.headers().get("Set-Cookie").split(";")[0];
        assertTrue(cookie.startsWith("connectordb-session="));
        okhttp3.Request req = new okhttp3.Request.Builder().url(sim.baseUrl() + "/api/v1/?q=this")
                .header("Cookie", cookie).build();
        try (okhttp3.Response r = client.http.newCall(req).execute()) {
            assertEquals("alice/phone", r.body().string());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        okhttp3.Request bad = new okhttp3.Request.Builder().url(sim.baseUrl() + "/api/v1/?q=this")
                .header("Cookie", "connectordb-session=garbage").build();
        try (okhttp3.Response r = client.http.newCall(bad).execute()) {
            assertEquals("nobody", r.body().string());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void badCredentialsAre401WithTheServerMessages() {
        assertError(client.get("/api/v1/?q=this", keyAuth("not-a-key")), 401, "The requested device was not found.");
        assertError(client.get("/api/v1/?q=this", keyAuth("")), 401, "Must have non-empty api key");
        assertError(client.get("/api/v1/?q=this", userAuth("bob", "x")), 401,
                "Login Failed. Check your username or password");
        assertError(client.get("/api/v1/?q=this", userAuth("alice", "wrong")), 401, "Incorrect Password");
        assertError(client.get("/api/v1/?q=this&apikey=nope", null), 401, "The requested device was not found.");
    }

    @Test
    void anonymousDataAccessIsAPermissionErrorNotA401() {
        insertTimes(1);
        assertError(client.get(TEMP + "/data?i1=0&i2=0", null), 403, Access.DENIED);
        assertError(client.get(TEMP, null), 404, Access.DENIED);
    }

    @Test
    void deviceWithRoleNoneSeesOnlyItsOwnStreams() {
        String otherKey = sim.createDevice("alice", "other");
        insertTimes(1);
        assertError(client.get(TEMP + "/data?i1=0&i2=0", keyAuth(otherKey)), 403, Access.DENIED);
        assertError(client.get(TEMP, keyAuth(otherKey)), 404, Access.DENIED);
        sim.setDeviceRole("alice/other", "reader");
        assertEquals(List.of(1.0), times(client.get(TEMP + "/data?i1=0&i2=0", keyAuth(otherKey))));
        // reading is not writing
        assertError(client.call("POST", TEMP + "/data", keyAuth(otherKey), "[{\"t\":5,\"d\":1}]"), 403,
                Access.WRITE_DENIED);
    }

    // ---- routing and errors -----------------------------------------------------------------------------------

    @Test
    void unknownPathsAre404AndNonCanonicalPathsRedirect() {
        assertError(client.get("/api/v1/nothing/here", keyAuth(key)), 404, RestApi.NOT_RECOGNIZED);
        assertError(client.call("DELETE", TEMP + "/data", keyAuth(key), null), 404, RestApi.NOT_RECOGNIZED);
        CdbTestClient.Reply r = client.get("/api/v1?q=this", keyAuth(key));
        assertEquals(301, r.code());
        assertEquals("/api/v1/?q=this", r.headers().get("Location"));
        CdbTestClient.Reply slash = client.get(TEMP + "/", keyAuth(key));
        assertEquals(301, slash.code());
        assertEquals(TEMP, slash.headers().get("Location"));
    }

    @Test
    void aQueryOnAPlainGetIs400() {
        assertError(client.get(TEMP + "?q=ls", keyAuth(key)), 400, RestApi.UNRECOGNIZED_QUERY);
    }

    // ---- index reads ------------------------------------------------------------------------------------------

    @Test
    void indexReadsAreHalfOpenWithNegativesAndZeroMeaningTheEnd() {
        insertTimes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertEquals(10, read("i1=0&i2=0").size());
        assertEquals(List.of(10.0), read("i1=-1&i2=0"));
        assertEquals(List.of(8.0, 9.0), read("i1=-3&i2=-1"));
        assertEquals(List.of(2.0, 3.0), read("i1=1&i2=3"));
        assertEquals(List.of(6.0, 7.0, 8.0, 9.0, 10.0), read("i1=5"), "missing i2 means 0, the end");
        assertEquals(List.of(9.0, 10.0), read("i1=8&i2=100"), "i2 clamps");
        assertEquals(10, read("i1=-50&i2=0").size(), "i1 clamps at the start");
        assertEquals(List.of(3.0), read("i1=0x2&i2=3"), "ParseInt base 0 accepts hex");
        assertEquals(List.of(1.0), read("i1=0&i2=1&t1=5&t2=9"), "index parameters win over time parameters");
    }

    @Test
    void indexPastTheEndIsInvalidButAtTheEndIsEmpty() {
        insertTimes(1, 2, 3);
        assertEquals(List.of(), read("i1=3&i2=0"));
        assertError(client.get(TEMP + "/data?i1=4&i2=0", keyAuth(key)), 403, DatapointLog.INVALID_RANGE);
        assertError(client.get(TEMP + "/data?i1=2&i2=1", keyAuth(key)), 403, DatapointLog.INVALID_RANGE);
        sim.createStream("alice/phone/empty", null, false);
        assertEquals("[]", client.get("/api/v1/crud/alice/phone/empty/data?i1=0&i2=0", keyAuth(key)).body());
        assertError(client.get("/api/v1/crud/alice/phone/empty/data?i1=1&i2=0", keyAuth(key)), 403,
                DatapointLog.INVALID_RANGE);
    }

    @Test
    void unparseableRangesAre400AndAMissingRangeHasTheExactMessage() {
        assertError(client.get(TEMP + "/data?i1=abc&i2=0", keyAuth(key)), 400, "Could not parse i1 parameter");
        assertError(client.get(TEMP + "/data?i1=0&i2=1.5", keyAuth(key)), 400, "Could not parse i2 parameter");
        assertError(client.get(TEMP + "/data?t1=now-1h", keyAuth(key)), 400, "Could not parse t1 parameter");
        assertError(client.get(TEMP + "/data?t1=1&limit=-1", keyAuth(key)), 400, "Could not parse limit parameter.");
        assertError(client.get(TEMP + "/data", keyAuth(key)), 400, RestApi.RANGE_ARGS);
        assertError(client.get(TEMP + "/data?limit=5", keyAuth(key)), 400, RestApi.RANGE_ARGS);
    }

    @Test
    void readsOfAMissingStreamAre403ButItsMetadataIs404() {
        String missing = "/api/v1/crud/alice/phone/nope";
        assertEquals(403, client.get(missing + "/data?i1=0&i2=0", keyAuth(key)).code());
        assertEquals(403, client.get(missing + "/data?q=length", keyAuth(key)).code());
        assertEquals(404, client.get(missing, keyAuth(key)).code());
    }

    // ---- time reads, length, time2index -----------------------------------------------------------------------

    @Test
    void timeReadsAreOpenAtT1AndClosedAtT2() {
        insertTimes(1, 2, 3, 3, 4, 5, 6, 7);
        assertEquals(List.of(4.0, 5.0, 6.0), read("t1=3&t2=6"), "(t1, t2]: both 3s are skipped");
        assertEquals(List.of(6.0, 7.0), read("t1=5.5&t2=0"), "t2 <= 0 means no upper bound");
        assertEquals(List.of(6.0, 7.0), read("t1=5.5"));
        assertEquals(List.of(2.0, 3.0), read("t1=1&limit=2"));
        assertEquals(8, read("t2=100").size(), "missing t1 is 0");
    }

    @Test
    void lengthIsPlainTextAndTime2IndexIsAJsonInteger() {
        insertTimes(1, 2, 3, 4);
        CdbTestClient.Reply length = client.get(TEMP + "/data?q=length", keyAuth(key));
        assertEquals("4", length.body());
        assertTrue(length.contentType().startsWith("text/plain"));
        CdbTestClient.Reply idx = client.get(TEMP + "/data?q=time2index&t=2.5", keyAuth(key));
        assertEquals("2", idx.body());
        assertTrue(idx.contentType().startsWith("application/json"));
        assertEquals("1", client.get(TEMP + "/data?q=time2index&t=1", keyAuth(key)).body(), "strictly greater");
        assertEquals("0", client.get(TEMP + "/data?q=time2index&t=99", keyAuth(key)).body(),
                "past the end is 0, not the length");
        assertError(client.get(TEMP + "/data?q=time2index", keyAuth(key)), 403, RestApi.TIME2INDEX_ARG);
        assertError(client.get(TEMP + "/data?q=time2index&t=x", keyAuth(key)), 403, RestApi.TIME2INDEX_ARG);
    }

    // ---- inserts ----------------------------------------------------------------------------------------------

    @Test
    void insertAnswersPlainOk() {
        CdbTestClient.Reply r = client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1.5}]");
        assertEquals(200, r.code());
        assertEquals("ok", r.body());
        assertEquals("2", r.headers().get("Content-Length"));
        assertFalse(r.contentType().contains("json"));
        assertEquals(List.of(1.0), times(client.get(TEMP + "/data?i1=0&i2=0", keyAuth(key))));
    }

    @Test
    void postRefusesOlderTimestampsButAcceptsEqualOnes() {
        insertTimes(10);
        assertError(client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":9,\"d\":1},{\"t\":11,\"d\":2}]"),
                403, DatapointLog.OLDER_TIMESTAMP);
        assertEquals(1, sim.data("alice/phone/temp").size(), "all or nothing");
        assertEquals(200, client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":10,\"d\":3}]").code());
        assertEquals(List.of(10.0, 10.0), sim.data("alice/phone/temp").stream().map(Datapoint::t).toList());
    }

    @Test
    void putRestampsOlderPointsToTheEndNudgedWhenIntegral() {
        insertTimes(10);
        assertEquals(200, client.call("PUT", TEMP + "/data", keyAuth(key),
                "[{\"t\":5,\"d\":1},{\"t\":6,\"d\":2},{\"t\":11,\"d\":3}]").code());
        assertEquals(List.of(10.0, 10.00001, 10.00001, 11.0),
                sim.data("alice/phone/temp").stream().map(Datapoint::t).toList());
        insertTimes(11.5);
        client.call("PUT", TEMP + "/data", keyAuth(key), "[{\"t\":3,\"d\":4}]");
        assertEquals(11.5, sim.data("alice/phone/temp").get(5).t(), "non-integral end is used as is");
    }

    @Test
    void unorderedBatchesAndStringTimestampsAreRefused() {
        assertError(client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":2,\"d\":1},{\"t\":1,\"d\":2}]"),
                403, DataService.NOT_ORDERED);
        assertEquals(400, client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":\"2\",\"d\":1}]").code());
        assertEquals(400, client.call("POST", TEMP + "/data", keyAuth(key), "{\"t\":2}").code());
        assertEquals(403, client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":-1,\"d\":1}]").code(),
                "a new stream ends at 0, so negative timestamps are older");
        assertTrue(sim.data("alice/phone/temp").isEmpty());
    }

    @Test
    void zeroOrMissingTimestampBecomesNow() {
        double before = System.currentTimeMillis() / 1000.0;
        assertEquals(200, client.call("POST", TEMP + "/data", keyAuth(key), "[{\"d\":1},{\"t\":0,\"d\":2}]").code());
        double after = System.currentTimeMillis() / 1000.0;
        for (Datapoint p : sim.data("alice/phone/temp")) {
            assertTrue(p.t() >= before && p.t() <= after, "t=" + p.t());
        }
    }

    @Test
    void schemaViolationsAreRefusedWithTheServerMessageAndNothingIsStored() {
        assertError(client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1},{\"t\":2,\"d\":\"hot\"}]"),
                403, DataService.SCHEMA_MISMATCH);
        assertTrue(sim.data("alice/phone/temp").isEmpty());
        assertEquals("0", client.get(TEMP + "/data?q=length", keyAuth(key)).body());
    }

    @Test
    void readsComeBackInGoJsonForm() {
        assertEquals(200, client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1.5,\"d\":2.0,\"o\":\"x/y\"}]")
                .code());
        assertEquals("[{\"t\":1.5,\"d\":2}]", client.get(TEMP + "/data?i1=0&i2=0", keyAuth(key)).body(),
                "float64 formatting; o of the owner is empty and omitted");
        sim.createStream("alice/phone/obj", null, false);
        client.call("POST", "/api/v1/crud/alice/phone/obj/data", keyAuth(key), "[{\"t\":1,\"d\":{\"b\":1,\"a\":2}}]");
        assertEquals("[{\"t\":1,\"d\":{\"a\":2,\"b\":1}}]",
                client.get("/api/v1/crud/alice/phone/obj/data?i1=0&i2=0", keyAuth(key)).body(), "map keys sorted");
    }

    @Test
    void ephemeralStreamsPublishButStoreNothing() {
        sim.createStream("alice/phone/eph", null, false, true);
        assertEquals("ok", client.call("POST", "/api/v1/crud/alice/phone/eph/data", keyAuth(key),
                "[{\"t\":1,\"d\":1}]").body());
        assertEquals("0", client.get("/api/v1/crud/alice/phone/eph/data?q=length", keyAuth(key)).body());
    }

    @Test
    void tenThousandPointBackfillLandsInOneRequest() {
        StringBuilder body = new StringBuilder("[");
        IntStream.range(0, 10_000).forEach(i -> body.append(i == 0 ? "" : ",")
                .append("{\"t\":").append(1000 + i).append(",\"d\":").append(i).append('}'));
        body.append(']');
        assertEquals("ok", client.call("POST", TEMP + "/data", keyAuth(key), body.toString()).body());
        assertEquals("10000", client.get(TEMP + "/data?q=length", keyAuth(key)).body());
        assertEquals(List.of(10999.0), read("i1=-1&i2=0"));
        sim.preload("alice/phone/temp", 10_000, 20_000, 0.5);
        assertEquals(20_000, read("i1=0&i2=0").size());
    }

    // ---- downlinks --------------------------------------------------------------------------------------------

    @Test
    void nonOwnerWritesToADownlinkStreamLandInTheSubstreamWithOrigin() {
        sim.createStream("alice/phone/switch", schema("boolean"), true);
        String sw = "/api/v1/crud/alice/phone/switch";
        String userKey = sim.userApiKey("alice");
        assertEquals("ok", client.call("POST", sw + "/data", keyAuth(userKey), "[{\"t\":5,\"d\":true}]").body());
        assertTrue(sim.data("alice/phone/switch").isEmpty(), "the main stream is unchanged");
        assertEquals(List.of(new Datapoint(5, GoJson.MAPPER.getNodeFactory().booleanNode(true), "alice/user")),
                sim.downlinkData("alice/phone/switch"));
        assertEquals("[{\"t\":5,\"d\":true,\"o\":\"alice/user\"}]",
                client.get(sw + "/data?i1=0&i2=0&downlink=true", keyAuth(key)).body());
        assertEquals("1", client.get(sw + "/data?q=length&downlink=1", keyAuth(key)).body());
        assertEquals("0", client.get(sw + "/data?q=length", keyAuth(key)).body());
        // the owner acknowledges into the main stream
        assertEquals("ok", client.call("POST", sw + "/data", keyAuth(key), "[{\"t\":6,\"d\":true}]").body());
        assertNull(sim.data("alice/phone/switch").get(0).o());
        // DELETE ?downlink=true clears only the substream
        assertEquals("ok", client.call("DELETE", sw + "?downlink=true", keyAuth(key), null).body());
        assertTrue(sim.downlinkData("alice/phone/switch").isEmpty());
        assertEquals(1, sim.data("alice/phone/switch").size());
    }

    @Test
    void userDeviceCannotWriteAnotherDevicesPlainStream() {
        assertError(client.call("POST", TEMP + "/data", keyAuth(sim.userApiKey("alice")), "[{\"t\":1,\"d\":1}]"),
                403, Access.WRITE_DENIED);
    }

    @Test
    void javaApiDownlinkInsertAndErrors() {
        sim.createStream("alice/phone/switch", schema("boolean"), true);
        sim.insertDownlink("alice/phone/switch", List.of(Datapoint.of(1, GoJson.MAPPER.getNodeFactory().booleanNode(false))));
        assertEquals("alice/user", sim.downlinkData("alice/phone/switch").get(0).o());
        assertThrows(IllegalStateException.class, () -> sim.insertDownlink("alice/phone/temp", List.of()));
        insertTimes(5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> insertTimes(4));
        assertEquals(DatapointLog.OLDER_TIMESTAMP, e.getMessage());
    }

    // ---- CRUD -------------------------------------------------------------------------------------------------

    @Test
    void streamCrudKeepsTheSchemaAsAString() {
        String userKey = sim.userApiKey("alice");
        String hum = "/api/v1/crud/alice/phone/hum";
        CdbTestClient.Reply created = client.call("POST", hum, keyAuth(userKey),
                "{\"schema\":\"{ \\\"type\\\": \\\"number\\\" }\",\"datatype\":\"humidity\"}");
        assertEquals(200, created.code(), created.body());
        assertEquals("{\"type\":\"number\"}", created.json().get("schema").asText());
        assertEquals(GoJson.MAPPER.createObjectNode().put("name", "hum").put("nickname", "").put("description", "")
                .put("icon", "").put("schema", "{\"type\":\"number\"}").put("datatype", "humidity")
                .put("ephemeral", false).put("downlink", false), client.get(hum, keyAuth(key)).json());
        assertError(client.call("POST", hum, keyAuth(userKey), "{}"), 403, "Stream with this name already exists");
        assertEquals(400, client.call("POST", "/api/v1/crud/alice/phone/x", keyAuth(userKey),
                "{\"schema\":{\"type\":\"number\"}}").code(), "schema as an object is a 400");
        assertError(client.call("POST", "/api/v1/crud/alice/phone/y", keyAuth(userKey), "{\"schema\":\"{\\\"type\\\":5}\"}"),
                403, StreamSchema.INVALID);
        assertEquals(404, client.get("/api/v1/crud/alice/phone/y", keyAuth(userKey)).code(), "nothing half-created");
        CdbTestClient.Reply updated = client.call("PUT", hum, keyAuth(key), "{\"downlink\":true}");
        assertTrue(updated.json().get("downlink").asBoolean());
        JsonNode list = client.get("/api/v1/crud/alice/phone?q=ls", keyAuth(key)).json();
        assertEquals(2, list.size());
        JsonNode userStreams = client.get("/api/v1/crud/alice?q=streams&downlink=true", keyAuth(userKey)).json();
        assertEquals(1, userStreams.size());
        assertEquals("phone", userStreams.get(0).get("device").asText());
        assertEquals("ok", client.call("DELETE", hum, keyAuth(key), null).body());
        assertEquals(404, client.get(hum, keyAuth(key)).code());
    }

    @Test
    void recreatedStreamsRestartAtIndexZero() {
        insertTimes(1, 2, 3);
        sim.deleteStream("alice/phone/temp");
        sim.createStream("alice/phone/temp", schema("number"), false);
        assertError(client.get(TEMP + "/data?i1=3&i2=0", keyAuth(key)), 403, DatapointLog.INVALID_RANGE);
    }

    @Test
    void deviceCrudAndApiKeyReset() {
        String userKey = sim.userApiKey("alice");
        CdbTestClient.Reply created = client.call("POST", "/api/v1/crud/alice/car", keyAuth(userKey),
                "{\"nickname\":\"Car\",\"streams\":{\"speed\":{\"schema\":\"{\\\"type\\\":\\\"number\\\"}\"}}}");
        assertEquals(200, created.code(), created.body());
        String carKey = created.json().get("apikey").asText();
        assertEquals("none", created.json().get("role").asText());
        assertEquals("alice/car", client.get("/api/v1/?q=this", keyAuth(carKey)).body());
        assertEquals("{\"type\":\"number\"}",
                client.get("/api/v1/crud/alice/car/speed", keyAuth(carKey)).json().get("schema").asText());
        assertEquals(403, client.call("POST", "/api/v1/crud/alice/boat", keyAuth(carKey), "{}").code(),
                "a role-none device cannot create devices");
        String newKey = client.call("PUT", "/api/v1/crud/alice/car", keyAuth(carKey), "{\"apikey\":\"\"}")
                .json().get("apikey").asText();
        assertNotEquals(carKey, newKey);
        assertEquals(401, client.get("/api/v1/?q=this", keyAuth(carKey)).code());
        assertEquals("alice/car", client.get("/api/v1/?q=this", keyAuth(newKey)).body());
        assertEquals(404, client.get("/api/v1/crud/alice/car", keyAuth(key)).code(), "role none: not its device");
        sim.setDeviceRole("alice/phone", "reader");
        JsonNode seenByReader = client.get("/api/v1/crud/alice/car", keyAuth(key)).json();
        assertEquals("Car", seenByReader.get("nickname").asText());
        assertEquals("", seenByReader.get("apikey").asText(), "another device's key stays hidden");
    }

    @Test
    void userReadsAndCounts() {
        String userAuth = userAuth("alice", "secret");
        JsonNode user = client.get("/api/v1/crud/alice", userAuth).json();
        assertEquals("alice", user.get("name").asText());
        assertEquals("alice@example.com", user.get("email").asText());
        assertFalse(user.has("password"));
        assertEquals(3, client.get("/api/v1/crud/alice?q=ls", userAuth).json().size(), "user, meta, phone");
        assertEquals(sim.userApiKey("alice"),
                client.get("/api/v1/crud/alice/user", userAuth).json().get("apikey").asText());
        assertEquals("1", client.get("/api/v1/?q=countusers", userAuth).body());
        assertEquals(1, client.get("/api/v1/crud/?q=ls", userAuth).json().size());
        assertEquals(RestApi.VERSION, client.get("/api/v1/meta/version", null).body());
    }
}
