package io.datapoint.connect.connectordb.sim;

import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import static io.datapoint.connect.connectordb.sim.CdbTestClient.keyAuth;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault injection, ground truth, live data and housekeeping of the simulator. */
class ConnectorDbSimulatorFaultTest {
    private static final String TEMP = "/api/v1/crud/alice/phone/temp";

    private ConnectorDbSimulator sim;
    private CdbTestClient client;
    private String key;

    @BeforeEach
    void setUp() {
        sim = ConnectorDbSimulator.start();
        sim.createUser("alice", "secret");
        key = sim.createDevice("alice", "phone");
        sim.createStream("alice/phone/temp", GoJson.MAPPER.createObjectNode().put("type", "number"), false);
        sim.createStream("alice/phone/other", null, false);
        client = new CdbTestClient(sim.baseUrl());
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void faultsArmedForOneMethodLeaveOtherMethodsAlone() {
        sim.failNext(1, 503, null, "alice/phone/temp/data", "POST");
        assertEquals("0", client.call("GET", TEMP + "/data?q=length", keyAuth(key), null).body());
        assertEquals(503, client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]").code());
        assertTrue(sim.data("alice/phone/temp").isEmpty());
        sim.storeThenDropNext(1, "alice/phone/temp/data", "post");
        assertEquals("0", client.call("GET", TEMP + "/data?q=length", keyAuth(key), null).body());
        assertThrows(UncheckedIOException.class,
                () -> client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]"));
        assertEquals(1, sim.data("alice/phone/temp").size(), "the write landed though the answer was lost");
    }

    @Test
    void failNextAnswersTheStatusWithRetryAfterOnMatchingPathsOnly() {
        sim.failNext(2, 429, "3", "alice/phone/temp");
        CdbTestClient.Reply first = client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]");
        assertEquals(429, first.code());
        assertEquals("3", first.headers().get("Retry-After"));
        assertEquals(429, first.json().get("code").asInt());
        assertEquals("ok", client.call("POST", "/api/v1/crud/alice/phone/other/data", keyAuth(key),
                "[{\"t\":1,\"d\":1}]").body(), "other paths are not affected");
        assertEquals(429, client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]").code());
        assertTrue(sim.data("alice/phone/temp").isEmpty(), "failed requests are not processed");
        assertEquals("ok", client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]").body());
        assertEquals(1, sim.data("alice/phone/temp").size());
        List<RecordedCall> calls = sim.calls();
        assertEquals("FAIL", calls.get(0).fault());
        assertEquals(429, calls.get(0).status());
        assertNull(calls.get(3).fault());
        assertEquals("alice/phone", calls.get(3).actor());
    }

    @Test
    void storeThenDropStoresTheWriteAlthoughTheClientFails() {
        sim.storeThenDropNext(1, "/api/v1/crud/alice/phone/temp/data");
        assertThrows(IOException.class, () -> {
            try (Response r = client.execute("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]")) {
                r.body().string();
            }
        });
        assertEquals(1, sim.data("alice/phone/temp").size(), "the write landed");
        RecordedCall call = sim.calls().get(0);
        assertEquals("STORE_THEN_DROP", call.fault());
        assertEquals(0, call.status());
        assertEquals("[{\"t\":1,\"d\":1}]", call.body());
        // a blind re-send of the same batch duplicates it: POST is not idempotent
        assertEquals("ok", client.call("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]").body());
        assertEquals(2, sim.data("alice/phone/temp").size());
    }

    @Test
    void resetConnectionDropsTheRequestUnprocessed() {
        sim.resetConnectionNext(1, null);
        assertThrows(IOException.class, () -> {
            try (Response r = client.execute("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]")) {
                r.body().string();
            }
        });
        assertTrue(sim.data("alice/phone/temp").isEmpty());
        assertEquals("RESET", sim.calls().get(0).fault());
    }

    @Test
    void delayBeyondTheClientTimeoutStillLandsTheWrite() {
        OkHttpClient impatient = client.http.newBuilder().readTimeout(Duration.ofMillis(200)).build();
        CdbTestClient slowClient = new CdbTestClient(sim.baseUrl(), impatient);
        sim.delayNext(1, Duration.ofMillis(800), "alice/phone/temp");
        assertThrows(InterruptedIOException.class, () -> {
            try (Response r = slowClient.execute("POST", TEMP + "/data", keyAuth(key), "[{\"t\":1,\"d\":1}]")) {
                r.body().string();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.data("alice/phone/temp").size() == 1);
        assertEquals("DELAY", sim.calls().get(0).fault());
    }

    @Test
    void mockWebServersOwnRequestQueueIsDrained() throws Exception {
        for (int i = 0; i < 20; i++) {
            client.get("/api/v1/?q=this", keyAuth(key));
        }
        java.lang.reflect.Field f = ConnectorDbSimulator.class.getDeclaredField("server");
        f.setAccessible(true);
        mockwebserver3.MockWebServer server = (mockwebserver3.MockWebServer) f.get(sim);
        assertEquals(20, server.getRequestCount());
        assertNull(server.takeRequest(0, java.util.concurrent.TimeUnit.NANOSECONDS));
        assertEquals(20, sim.calls().size());
    }

    @Test
    void callLogKeepsOnlyTheNewestEntries() {
        CallLog log = new CallLog(3);
        for (int i = 0; i < 5; i++) {
            log.add("GET", "/p" + i, null, null, 200, null, null);
        }
        assertEquals(List.of("/p2", "/p3", "/p4"), log.snapshot().stream().map(RecordedCall::path).toList());
    }

    @Test
    void liveAppendsSchemaFittingPointsUntilClosed() throws Exception {
        AutoCloseable live = sim.live("alice/phone/temp", Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.data("alice/phone/temp").size() >= 3);
        live.close();
        assertTrue(sim.data("alice/phone/temp").stream().allMatch(p -> p.d().isNumber()));
    }

    @Test
    void preloadRefusesToGoBackInTime() {
        sim.preload("alice/phone/temp", 100, 1000, 1);
        assertEquals(100, sim.data("alice/phone/temp").size());
        assertEquals(1099.0, sim.data("alice/phone/temp").get(99).t());
        assertThrows(IllegalStateException.class, () -> sim.preload("alice/phone/temp", 1, 5, 1));
    }

    @Test
    void goFloatFormatting() {
        assertEquals("1", GoJson.formatFloat(1.0));
        assertEquals("1491245378.123", GoJson.formatFloat(1491245378.123));
        assertEquals("1e+21", GoJson.formatFloat(1e21));
        assertEquals("1e-07", GoJson.formatFloat(1e-7));
        assertEquals("0.000001", GoJson.formatFloat(1e-6));
        assertEquals("9007199254740992", GoJson.formatFloat(9007199254740993.0));
    }
}
