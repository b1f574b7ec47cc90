package io.datapoint.connect.iotile;

import static io.datapoint.connect.iotile.IotileEndToEnd.committed;
import static io.datapoint.connect.iotile.IotileEndToEnd.ids;
import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.iotile.sim.IotileSimulator;
import io.datapoint.connect.iotile.sim.SimRow;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IOTile source in a real Kafka broker and Connect worker with exactly-once source support, deployed from
 * connectors/iotile-source.json against the IOTile simulator.
 */
class IotileSourceEndToEndTest {

    private static final String CLASS = IotileSourceConnector.class.getName();
    private static final String EMAIL = "e2e@example.com";
    private static final String PASSWORD = "e2e-password";
    private static final String PROJECT = "p--0000-0010";
    private static final String DEVICE = "d--0000-0000-0000-00b1";
    private static IotileSimulator sim;
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        sim = IotileSimulator.start();
        sim.createUser(EMAIL, PASSWORD);
        sim.createProject(EMAIL, PROJECT, "e2e");
        sim.createDevice(PROJECT, DEVICE);
        cluster = ConnectCluster.builder("iotile-source").exactlyOnce(true).env("IOTILE_URL", sim.baseUrl())
            .env("IOTILE_EMAIL", EMAIL).env("IOTILE_PASSWORD", PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static String stream(String device, String variable) {
        return "s--0000-0010--" + device.substring(3) + "--" + variable;
    }

    /** The stored rows in the order the source delivers them: API-written by time, device readings by id. */
    private static List<Long> expected(String slug) {
        List<SimRow> rows = new java.util.ArrayList<>(sim.data(slug));
        rows.sort(Comparator.comparingLong(SimRow::streamerId).thenComparing(SimRow::timestamp));
        return rows.stream().map(SimRow::id).toList();
    }

    /** Waits until the topic holds exactly the stream's readings, once each, in delivery order. */
    private static void assertTopicIsExactly(String topic, String slug) {
        int n = sim.data(slug).size();
        await().atMost(Duration.ofSeconds(90)).until(() -> committed(cluster, topic).size() >= n);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
            .until(() -> committed(cluster, topic).size() == n);
        assertEquals(expected(slug), ids(committed(cluster, topic)));
    }

    @Test
    void backfillOfTenThousandReadingsOverThreeStreamsDeliversEachOnce() {
        String a = stream(DEVICE, "5001");
        String b = stream(DEVICE, "5002");
        String c = stream("d--0000-0000-0000-0000", "5003"); // project-level, written through the API
        for (String s : List.of(a, b, c)) {
            sim.createStream(s, "bf");
        }
        long now = System.currentTimeMillis() / 1000;
        sim.deviceReadings(a, 3334, now - 40_000, 10, 0);
        sim.deviceReadings(b, 3333, now - 40_000, 10, 0);
        for (int i = 0; i < 3333 / 7; i++) {
            sim.apiBurst(c, 7, now - 10_000 + i, i * 7L);
        }
        sim.apiBurst(c, 3333 % 7, now - 100, 100_000);
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("iotile-source.json", "backfill", overrides("iotile.projects", PROJECT,
            "tasks.max", "3", "topic.template", "backfill.${variable}", "iotile.output.units", "false"));
        String[] topics = {"backfill.v--0000-0010--5001", "backfill.v--0000-0010--5002", "backfill.v--0000-0010--5003"};
        int[] counts = {3334, 3333, 3333};
        for (int i = 0; i < 3; i++) {
            cluster.consumeCommitted(topics[i], counts[i]);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("iotile backfill: 10000 readings over 3 streams in %.2f s from deployment (%.0f readings/s,"
            + " exactly-once on)%n", seconds, 10_000 / seconds);
        assertTopicIsExactly(topics[0], a);
        assertTopicIsExactly(topics[1], b);
        assertTopicIsExactly(topics[2], c);
        ConsumerRecord<byte[], byte[]> first = committed(cluster, topics[0]).get(0);
        assertEquals(a, IotileEndToEnd.key(first));
        Map<String, String> headers = TopicReader.headers(first);
        assertEquals("iotile", headers.get("datapoint.platform"));
        assertEquals(a, headers.get("datapoint.stream"));
        assertEquals(PROJECT, headers.get("iotile.project"));
        assertEquals(DEVICE, headers.get("iotile.device"));
        assertEquals("v--0000-0010--5001", headers.get("iotile.variable"));
        SimRow row = sim.data(a).get(0);
        assertEquals(row.second() * 1000, first.timestamp());
        JsonNode payload = TopicReader.payload(first);
        assertEquals(row.streamerId(), payload.get("streamer_local_id").asLong());
        assertEquals(row.intValue().longValue(), payload.get("int_value").asLong());
        assertEquals("io.datapoint.connect.iotile.Reading", TopicReader.json(first).path("schema").path("name")
            .asText());
        cluster.rest().delete("backfill");
    }

    @Test
    void aLateUploadWithOldTimestampsButNewReadingIdsIsDelivered() {
        String s = stream(DEVICE, "5101");
        long now = System.currentTimeMillis() / 1000;
        sim.deviceReadings(s, 50, now - 3600, 60, 0);
        cluster.deployProjectConnector("iotile-source.json", "late", overrides("iotile.projects", "",
            "iotile.streams", s, "topic.template", "late", "poll.interval.ms", "500"));
        cluster.consumeCommitted("late", 50);
        sim.deviceReadings(s, 20, now - 86_400, 60, 5000); // a day old, uploaded now
        assertTopicIsExactly("late", s);
        List<ConsumerRecord<byte[], byte[]>> records = committed(cluster, "late");
        assertEquals(5000, TopicReader.payload(records.get(50)).get("int_value").asLong());
        cluster.rest().delete("late");
    }

    @Test
    void fiveHundredReadingsInOneSecondAcrossPagesAndAWorkerRestartAreEachDeliveredOnce() {
        String s = stream("d--0000-0000-0000-0000", "5201");
        long now = System.currentTimeMillis() / 1000;
        sim.apiBurst(s, 5, now - 60, 0);
        sim.apiBurst(s, 500, now - 40, 1000);
        sim.apiBurst(s, 5, now - 39, 5000);
        // slow pages, so that the restart lands inside the busy second
        sim.delayNext(200, Duration.ofMillis(150), "GET", "/api/v1/data/");
        cluster.deployProjectConnector("iotile-source.json", "burst", overrides("iotile.projects", "",
            "iotile.streams", s, "topic.template", "burst", "batch.size", "50", "poll.interval.ms", "500"));
        cluster.consumeCommitted("burst", 150);
        cluster.removeWorker();
        cluster.addWorker();
        sim.clearFaults();
        assertTopicIsExactly("burst", s);
        List<Long> ids = ids(committed(cluster, "burst"));
        assertEquals(510, new HashSet<>(ids).size());
        System.out.printf("iotile worker restart inside a 500-reading second (exactly-once): %d committed records for"
            + " 510 readings%n", ids.size());
        cluster.rest().delete("burst");
    }

    @Test
    void tokensThatExpireMidBackfillAreRefreshedOrObtainedAgainAndNothingIsLost() {
        String s = stream(DEVICE, "5301");
        sim.deviceReadings(s, 3000, 1_600_000_000L, 1, 0);
        sim.setTokenLifetime(Duration.ofSeconds(3));
        sim.delayNext(40, Duration.ofMillis(100), "GET", "/api/v1/data/");
        sim.clearCalls();
        try {
            cluster.deployProjectConnector("iotile-source.json", "tokens", overrides("iotile.projects", "",
                "iotile.streams", s, "topic.template", "tokens", "batch.size", "100",
                "iotile.token.refresh.ahead.ms", "1500"));
            cluster.consumeCommitted("tokens", 1000);
            sim.expireIssuedTokens(); // and refresh of them is refused: only a new login helps
            assertTopicIsExactly("tokens", s);
        } finally {
            sim.setTokenLifetime(Duration.ofDays(7));
            sim.clearFaults();
        }
        long refreshes = sim.calls().stream().filter(c -> c.path().equals("/api/v1/auth/api-jwt-refresh/")
            && c.status() == 200).count();
        long logins = sim.calls().stream().filter(c -> c.path().equals("/api/v1/auth/login/")).count();
        long refused = sim.calls().stream().filter(c -> c.status() == 401).count();
        System.out.printf("iotile token expiry mid-backfill: %d refreshes, %d logins, %d requests refused with 401%n",
            refreshes, logins, refused);
        assertTrue(refreshes >= 1, "refreshed before expiry");
        assertTrue(logins >= 2, "logged in again after the tokens expired");
        assertTrue(sim.calls().stream().filter(c -> c.path().startsWith("/api/v1/data/")).allMatch(c ->
            "JWT".equals(c.auth())), "every data read carried the JWT scheme");
        cluster.rest().delete("tokens");
    }

    @Test
    void anOffsetRewoundThroughTheRestApiInTheTimeShapeReadsFromThatSecondAgain() {
        String s = stream("d--0000-0000-0000-0000", "5401");
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 30; i++) {
            sim.apiBurst(s, 1, now - 300 + i, i);
        }
        cluster.deployProjectConnector("iotile-source.json", "rewind", overrides("iotile.projects", "",
            "iotile.streams", s, "topic.template", "rewind"));
        cluster.consumeCommitted("rewind", 30);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.rest().offsets("rewind").size() == 1
            && cluster.rest().offsets("rewind").get(0).path("offset").path("ids").asText().length() > 0);
        JsonNode stored = cluster.rest().offsets("rewind").get(0);
        assertEquals(IotileClient.isoSecond(now - 271), stored.path("offset").path("ts").asText());
        Map<String, Object> partition = Map.of("platform", "iotile", "server", sim.baseUrl(), "stream", s, "v", 1);
        cluster.alterSourceOffset("rewind", partition, Map.of("streamer_local_id", 0, "ts",
            IotileClient.isoSecond(now - 280), "ids", ""));
        cluster.rest().resume("rewind");
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(cluster, "rewind").size() >= 40);
        List<ConsumerRecord<byte[], byte[]>> records = committed(cluster, "rewind");
        assertEquals(40, records.size());
        assertEquals(20, TopicReader.payload(records.get(30)).get("int_value").asLong(), "from the rewound second on");
        cluster.rest().delete("rewind");
    }

    @Test
    void validateReportsAWrongPasswordOnThePasswordFieldAndAMalformedSlugOnTheStreamField() {
        ConnectRestClient.ConfigValidation badPassword = cluster.rest().validate(CLASS, overrides("name", "v1",
            "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", "wrong-password",
            "iotile.streams", stream(DEVICE, "5001")));
        assertFalse(badPassword.errorsFor("iotile.password").isEmpty(), badPassword.toString());
        assertTrue(badPassword.errorsFor("iotile.url").isEmpty(), badPassword.toString());
        assertFalse(badPassword.toString().contains("wrong-password"), "the password is not echoed");

        ConnectRestClient.ConfigValidation badSlug = cluster.rest().validate(CLASS, overrides("name", "v2",
            "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", PASSWORD,
            "iotile.streams", "s--0010--00b1"));
        List<String> errors = badSlug.errorsFor("iotile.streams");
        assertFalse(errors.isEmpty(), badSlug.toString());
        assertTrue(errors.get(0).contains("s--PPPP-PPPP--DDDD-DDDD-DDDD-DDDD--VVVV"), errors.toString());
        assertTrue(badSlug.errorsFor("iotile.password").isEmpty(), badSlug.toString());

        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS, overrides("name", "v3",
            "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", PASSWORD,
            "iotile.streams", "s--10--b1--5001"));
        assertEquals(0, good.errorCount(), good.toString());

        ConnectRestClient.ConfigValidation none = cluster.rest().validate(CLASS, overrides("name", "v4",
            "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", PASSWORD));
        assertFalse(none.errorsFor("iotile.streams").isEmpty(), none.toString());

        ConnectRestClient.ConfigValidation badEmail = cluster.rest().validate(CLASS, overrides("name", "v6",
            "iotile.url", sim.baseUrl(), "iotile.email", "not-an-email", "iotile.password", PASSWORD,
            "iotile.streams", stream(DEVICE, "5001")));
        assertTrue(badEmail.errorsFor("iotile.email").toString().contains("Enter a valid email address."),
            badEmail.toString());
        assertTrue(badEmail.errorsFor("iotile.url").isEmpty(), badEmail.toString());

        ConnectRestClient.ConfigValidation badToken = cluster.rest().validate(CLASS, overrides("name", "v5",
            "iotile.url", sim.baseUrl(), "iotile.token", "not.a.jwt", "iotile.streams", stream(DEVICE, "5001")));
        assertFalse(badToken.errorsFor("iotile.token").isEmpty(), badToken.toString());
    }
}
