package io.datapoint.connect.hexoskin;

import static io.datapoint.connect.hexoskin.HexoskinEndToEnd.committed;
import static io.datapoint.connect.hexoskin.HexoskinEndToEnd.samples;
import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Hexoskin source in a real Kafka broker and Connect worker with exactly-once source support, deployed from
 * connectors/hexoskin-source.json against the Hexoskin simulator.
 */
class HexoskinSourceEndToEndTest {

    private static final String CLASS = HexoskinSourceConnector.class.getName();
    /** 2024-01-01T00:00:00Z in ticks. */
    private static final long T0 = 1_704_067_200L * 256;
    private static final int[] TYPES = {19, 33, 49};
    private static HexoskinSimulator sim;
    private static ConnectCluster cluster;
    private static long ann;
    private static long bob;

    @BeforeAll
    static void start() {
        sim = HexoskinSimulator.start();
        ann = sim.createUser("ann@example.com", "ann-pw");
        bob = sim.createUser("bob@example.com", "bob-pw");
        sim.share(ann, bob);
        sim.apiKey("key-1", "secret-1");
        sim.oauthClient("client-1", "client-secret-1", ann);
        cluster = ConnectCluster.builder("hexoskin-source").exactlyOnce(true)
            .env("HEXOSKIN_URL", sim.baseUrl()).env("HEXOSKIN_API_KEY", "key-1")
            .env("HEXOSKIN_API_SECRET", "secret-1").env("HEXOSKIN_USERNAME", "ann@example.com")
            .env("HEXOSKIN_PASSWORD", "ann-pw").env("HEXOSKIN_OAUTH2_CLIENT_SECRET", "client-secret-1").start();
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

    private static double value(long user, int datatype, int i) {
        return datatype == 49 ? (user * 7 + i % 97) / 100.0 : 40 + (user + datatype + i) % 120;
    }

    /** Waits until the topic holds exactly the stream's samples, each once, and nothing more arrives. */
    private static void assertTopicIsExactly(String topic, long user, int datatype) {
        NavigableMap<Long, Double> expected = sim.samples(user, datatype);
        // each check reads the whole topic: poll slowly
        await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(90))
            .until(() -> committed(cluster, topic).size() >= expected.size());
        await().pollInterval(Duration.ofMillis(700)).during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
            .until(() -> committed(cluster, topic).size() == expected.size());
        assertEquals(expected, samples(committed(cluster, topic)), topic);
    }

    @Test
    void backfillOfThreeDatatypesForTwoUsersThenALateSyncDeliversEachSampleOnce() {
        int perRecord = 1200; // 21,600 samples: 3 records of 20 minutes per stream keep CI short
        int records = 3;
        for (long user : new long[] {ann, bob}) {
            for (int k = 0; k < records; k++) {
                long u = user;
                sim.syncRecord(user, T0 + k * 2L * 3600 * 256, 256, perRecord, TYPES, (d, i) -> value(u, d, i));
            }
        }
        int total = 2 * TYPES.length * records * perRecord;
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("hexoskin-source.json", "backfill", overrides("hexoskin.users",
            ann + "," + bob, "tasks.max", "2", "topic.template", "bf.${user}.${datatype}", "poll.interval.ms", "1000"));
        for (long user : new long[] {ann, bob}) {
            for (String name : List.of("heart_rate", "breathing_rate", "activity")) {
                cluster.consumeCommitted("bf." + user + "." + name, records * perRecord);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("hexoskin backfill: %d samples over 6 streams (3 datatypes x 2 users, %d records each)"
            + " in %.2f s from deployment (%.0f samples/s, exactly-once on)%n", total, records, seconds,
            total / seconds);
        String[] names = {"heart_rate", "breathing_rate", "activity"};
        for (long user : new long[] {ann, bob}) {
            for (int i = 0; i < 3; i++) {
                assertTopicIsExactly("bf." + user + "." + names[i], user, TYPES[i]);
            }
        }
        ConsumerRecord<byte[], byte[]> first = committed(cluster, "bf." + bob + ".breathing_rate").get(0);
        JsonNode v = TopicReader.payload(first);
        assertEquals(bob, v.get("user").asLong());
        assertEquals(33, v.get("datatype").asInt());
        assertEquals("breathing_rate", v.get("datatype_name").asText());
        assertEquals(T0, v.get("tick").asLong());
        assertEquals(T0 / 256 * 1000, first.timestamp(), "record timestamp = tick / 256 s in ms");
        JsonNode key = TopicReader.json(first.key()).get("payload");
        assertEquals(bob, key.get("user").asLong());
        assertEquals(33, key.get("datatype").asInt());
        Map<String, String> headers = TopicReader.headers(first);
        assertEquals("hexoskin", headers.get("datapoint.platform"));
        assertEquals(bob + "/33", headers.get("datapoint.stream"));

        // a shirt syncs a recording made before everything delivered so far
        long late = sim.syncRecord(ann, T0 - 3600L * 256, 256, 600, TYPES, (d, i) -> 1000.0 + d + i);
        for (int i = 0; i < 3; i++) {
            assertTopicIsExactly("bf." + ann + "." + names[i], ann, TYPES[i]);
        }
        List<ConsumerRecord<byte[], byte[]>> hr = committed(cluster, "bf." + ann + ".heart_rate");
        assertEquals(late, TopicReader.payload(hr.get(hr.size() - 1)).get("record").asLong(),
            "the late record's samples come after the backfill, through the change feed");
        assertEquals(records * perRecord + 600, hr.size());
        cluster.rest().delete("backfill");
    }

    @Test
    void aWindowThatWouldExceedTheCapIsSplitAndNothingIsSubsampled() {
        long carl = sim.createUser("carl@example.com", "carl-pw");
        sim.share(ann, carl);
        sim.maxValues(2000);
        try {
            // RR intervals: irregular, no rate to size the window by; 12000 in one record
            long start = T0 + 100_000L * 256;
            sim.preload(carl, 18, start, 83, 12_000, i -> 0.6 + (i % 50) / 100.0);
            sim.createRecord(carl, start, start + 83L * 11_999, "complete");
            cluster.deployProjectConnector("hexoskin-source.json", "cap", overrides("hexoskin.users",
                Long.toString(carl), "hexoskin.datatypes", "rr_interval", "data.max.values", "2000",
                "topic.template", "cap.${datatype}", "tasks.max", "1"));
            assertTopicIsExactly("cap.rr_interval", carl, 18);
            assertTrue(sim.calls().stream().anyMatch(c -> c.path().equals("/api/data/") && "18".equals(
                c.url().queryParameter("datatype"))), "read through the data endpoint");
            cluster.rest().delete("cap");
        } finally {
            sim.maxValues(65_536);
        }
    }

    @Test
    void aWorkerRestartedMidBackfillLosesNothingAndWithExactlyOnceDuplicatesNothing() {
        long dana = sim.createUser("dana@example.com", "dana-pw");
        sim.share(ann, dana);
        for (int k = 0; k < 10; k++) {
            sim.syncRecord(dana, T0 + k * 3600L * 256, 256, 1500, new int[] {19}, (d, i) -> (double) (i % 200));
        }
        // slow data reads so that the restart lands mid-backfill
        sim.delayNext(400, "GET", "/api/data/", Duration.ofMillis(30));
        cluster.deployProjectConnector("hexoskin-source.json", "restart", overrides("hexoskin.users",
            Long.toString(dana), "hexoskin.datatypes", "19", "topic.template", "restart.${user}", "batch.size", "100",
            "tasks.max", "1", "data.max.values", "400"));
        cluster.consumeCommitted("restart." + dana, 2000);
        cluster.removeWorker();
        cluster.addWorker();
        sim.clearFaults();
        assertTopicIsExactly("restart." + dana, dana, 19);
        System.out.printf("hexoskin worker restart mid-backfill (exactly-once): %d committed records for %d"
            + " samples%n", committed(cluster, "restart." + dana).size(), sim.samples(dana, 19).size());
        cluster.rest().delete("restart");
    }

    @Test
    void anOAuth2TokenExpiringMidStreamIsRefreshedAndNothingIsLost() {
        int before = sim.calls().size();
        long rec = sim.createRecord(ann, T0 + 500_000L * 256, T0 + 500_000L * 256 + 255 * 256, "realtime");
        sim.preload(ann, 53, T0 + 500_000L * 256, 256, 256, i -> 60 + i % 40);
        cluster.deployProjectConnector("hexoskin-source.json", "oauth", overrides("hexoskin.auth", "oauth2",
            "hexoskin.api.key", "", "hexoskin.api.secret", "", "hexoskin.oauth2.client.id", "client-1",
            "hexoskin.oauth2.client.secret", "${env:HEXOSKIN_OAUTH2_CLIENT_SECRET}",
            "hexoskin.oauth2.refresh.ahead.ms", "2000", "hexoskin.datatypes", "cadence",
            "topic.template", "oauth.${datatype}", "poll.interval.ms", "500", "tasks.max", "1"));
        cluster.consumeCommitted("oauth.cadence", 256);
        // the server stops accepting the token long before its time: the 401 is answered with a new token, which
        // now lives 4 s, so from then on tokens are refreshed ahead of their expiry
        sim.tokenLifetime(Duration.ofSeconds(4));
        sim.expireAccessTokens();
        // the recording goes on across several token lifetimes
        for (int round = 1; round <= 4; round++) {
            long from = T0 + 500_000L * 256 + round * 256L * 256;
            sim.preload(ann, 53, from, 256, 256, i -> 100 + i % 40);
            sim.updateRecord(rec, from + 255 * 256, round == 4 ? "complete" : "realtime");
            int expected = (round + 1) * 256;
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(cluster, "oauth.cadence").size() >= expected);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        }
        assertTopicIsExactly("oauth.cadence", ann, 53);
        List<HexoskinSimulator.Call> calls = sim.calls().subList(before, sim.calls().size());
        assertTrue(calls.stream().anyMatch(c -> c.status() == 401 && c.path().startsWith("/api/")
            && !c.path().contains("oauth2")), "a refused token was seen and replaced");
        assertTrue(calls.stream().anyMatch(c -> c.path().endsWith("/oauth2/token/")
            && c.body().contains("grant_type=refresh_token") && c.status() == 200), "refreshed ahead of expiry");
        assertFalse(calls.stream().anyMatch(c -> c.body().contains("client-secret-1")), "secrets stay in headers");
        cluster.rest().delete("oauth");
        sim.tokenLifetime(Duration.ofHours(1));
    }

    @Test
    void validatePutsABadKeyOrSecretAndAnUnknownDatatypeOnTheirFields() {
        Map<String, String> base = overrides("name", "v", "hexoskin.url", sim.baseUrl(), "hexoskin.api.key",
            "key-1", "hexoskin.api.secret", "secret-1", "hexoskin.username", "ann@example.com",
            "hexoskin.password", "ann-pw", "hexoskin.datatypes", "heart_rate,19,Activity");
        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS, base);
        assertEquals(0, good.errorCount(), good.toString());

        Map<String, String> badSecret = new java.util.HashMap<>(base);
        badSecret.put("hexoskin.api.secret", "wrong-secret");
        ConnectRestClient.ConfigValidation v = cluster.rest().validate(CLASS, badSecret);
        assertFalse(v.errorsFor("hexoskin.api.secret").isEmpty(), v.toString());
        assertTrue(v.errorsFor("hexoskin.url").isEmpty(), v.toString());
        assertFalse(v.toString().contains("wrong-secret"), "the secret is not echoed");

        Map<String, String> badKey = new java.util.HashMap<>(base);
        badKey.put("hexoskin.api.key", "no-such-key");
        v = cluster.rest().validate(CLASS, badKey);
        assertFalse(v.errorsFor("hexoskin.api.key").isEmpty(), v.toString());

        Map<String, String> badPassword = new java.util.HashMap<>(base);
        badPassword.put("hexoskin.password", "nope");
        v = cluster.rest().validate(CLASS, badPassword);
        assertFalse(v.errorsFor("hexoskin.password").isEmpty(), v.toString());
        assertTrue(v.errorsFor("hexoskin.api.secret").isEmpty(), v.toString());

        Map<String, String> badName = new java.util.HashMap<>(base);
        badName.put("hexoskin.datatypes", "heart_rate,heart_rat");
        v = cluster.rest().validate(CLASS, badName);
        assertFalse(v.errorsFor("hexoskin.datatypes").isEmpty(), v.toString());
        assertTrue(v.errorsFor("hexoskin.datatypes").get(0).contains("heart_rat"), v.toString());
        assertTrue(v.errorsFor("hexoskin.api.secret").isEmpty(), v.toString());

        Map<String, String> oauthBad = new java.util.HashMap<>(base);
        oauthBad.put("hexoskin.auth", "oauth2");
        oauthBad.put("hexoskin.oauth2.client.id", "client-1");
        oauthBad.put("hexoskin.oauth2.client.secret", "wrong");
        v = cluster.rest().validate(CLASS, oauthBad);
        assertFalse(v.errorsFor("hexoskin.oauth2.client.secret").isEmpty(), v.toString());
    }
}
