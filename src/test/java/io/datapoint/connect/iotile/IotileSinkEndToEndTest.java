package io.datapoint.connect.iotile;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.iotile.sim.IotileSimulator;
import io.datapoint.connect.iotile.sim.RecordedCall;
import io.datapoint.connect.iotile.sim.SimRow;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IOTile sink in a real Kafka broker and Connect worker, deployed from connectors/iotile-sink.json against the
 * IOTile simulator.
 */
class IotileSinkEndToEndTest {

    private static final String CLASS = IotileSinkConnector.class.getName();
    private static final String EMAIL = "sink@example.com";
    private static final String PASSWORD = "sink-password";
    private static final String PROJECT = "p--0000-0020";
    private static IotileSimulator sim;
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        sim = IotileSimulator.start();
        sim.createUser(EMAIL, PASSWORD);
        sim.createProject(EMAIL, PROJECT, "sink");
        cluster = ConnectCluster.builder("iotile-sink").env("IOTILE_URL", sim.baseUrl()).env("IOTILE_EMAIL", EMAIL)
            .env("IOTILE_PASSWORD", PASSWORD).start();
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

    /** A record value as the JSON converter with schemas reads it: {t: seconds, v: value}. */
    private static String value(double t, String type, String json) {
        return "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"t\",\"type\":\"double\"},{\"field\":\"v\","
            + "\"type\":\"" + type + "\"}]},\"payload\":{\"t\":" + t + ",\"v\":" + json + "}}";
    }

    private static void produce(String topic, String value) {
        cluster.embedded().kafka().produce(topic, null, value);
    }

    private static List<Long> stored(String slug) {
        List<SimRow> rows = new ArrayList<>(sim.data(slug));
        rows.sort(Comparator.comparing(SimRow::timestamp));
        return rows.stream().map(SimRow::intValue).toList();
    }

    private static Map<String, String> sink(String topic, String slug) {
        Map<String, String> o = overrides("topics", topic, "iotile.stream", slug, "time.field", "t",
            "time.field.unit", "seconds", "iotile.value.field", "v", "errors.deadletterqueue.topic.name",
            topic + "-dlq", "http.retry.backoff.ms", "50");
        return o;
    }

    @Test
    void lostAnswersAfterTheServerStoredTheBatchStoreNoDuplicateAndRejectsGoToTheDeadLetterQueue() {
        String slug = "s--0000-0020--0000-0000-0000-0000--5001";
        cluster.createTopic("levels", 1);
        Map<String, String> config = sink("levels", slug);
        config.put("batch.linger.ms", "20");
        config.put("batch.max.records", "20");
        cluster.deployProjectConnector("iotile-sink.json", "levels-sink", config);
        long base = 1_700_000_000L;
        for (int i = 1; i <= 50; i++) {
            produce("levels", value(base + i + 0.25, "int64", Integer.toString(i)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.data(slug).size() == 50);

        sim.clearCalls();
        sim.storeThenDropNext(2, "POST", "/api/v1/data/");
        sim.failNext(2, 503, null, "POST", "/api/v1/data/");
        sim.storeThenDropNext(1, "POST", "/api/v1/data/");
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 50; i++) {
            expected.add(i);
        }
        for (int i = 51; i <= 150; i++) {
            if (i == 100) {
                produce("levels", value(base + i, "string", "\"bright\"")); // not an integer: IOTile refuses it
            } else if (i == 120) {
                produce("levels", value(base + i, "double", "2.5"));
            } else {
                produce("levels", value(base + i + 0.5, "int64", Integer.toString(i)));
                expected.add((long) i);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.data(slug).size() >= expected.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
            .until(() -> sim.data(slug).size() == expected.size());
        assertEquals(expected, stored(slug), "each reading once");
        List<RecordedCall> faulted = sim.calls().stream().filter(c -> c.fault() != null).toList();
        assertEquals(List.of("STORE_THEN_DROP", "STORE_THEN_DROP", "FAIL", "FAIL", "STORE_THEN_DROP"),
            faulted.stream().map(RecordedCall::fault).toList(), "every armed fault hit a post: " + faulted);

        List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume("levels-dlq", 2);
        assertEquals(2, dlq.size());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            reasons.put(TopicReader.payload(r).get("v").asText(),
                TopicReader.headers(r).get("__connect.errors.exception.message"));
        }
        assertTrue(reasons.get("bright").contains("int_value: A valid integer is required."), reasons.toString());
        assertTrue(reasons.get("2.5").contains("int_value"), reasons.toString());
        assertTrue(cluster.awaitRunning("levels-sink", 1).runningWith(1));
        cluster.rest().delete("levels-sink");
    }

    @Test
    void replayingTheWholeTopicAfterAnOffsetResetPostsNothingAgain() {
        String slug = "s--0000-0020--0000-0000-0000-0000--5002";
        cluster.createTopic("replay", 1);
        Map<String, String> config = sink("replay", slug);
        config.put("batch.max.records", "50");
        cluster.deployProjectConnector("iotile-sink.json", "replay-sink", config);
        for (int i = 1; i <= 300; i++) {
            // several readings share a second, some with equal values: each still lands once
            produce("replay", value(1_700_000_000L + i / 3 + (i % 3) / 10.0, "int64", Integer.toString(i % 7)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.data(slug).size() == 300);
        List<SimRow> before = sim.data(slug);
        sim.clearCalls();
        cluster.replaySinkFromStart("replay-sink");
        cluster.awaitSinkOffset("replay-sink", 300);
        assertEquals(before, sim.data(slug));
        assertEquals(0, sim.calls().stream().filter(c -> c.method().equals("POST") && c.path().equals("/api/v1/data/"))
            .count(), "nothing posted again");
        assertTrue(sim.calls().stream().anyMatch(c -> c.method().equals("GET") && c.query() != null
            && c.query().contains("start=")), "the replayed records were checked against the stream");
        cluster.rest().delete("replay-sink");
    }

    @Test
    void validateReportsAWrongPasswordOnThePasswordFieldAndAMalformedSlugOnTheStreamField() {
        ConnectRestClient.ConfigValidation badPassword = cluster.rest().validate(CLASS, overrides("name", "v1",
            "topics", "x", "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", "nope",
            "iotile.stream", "s--0000-0020--0000-0000-0000-0000--5001"));
        assertFalse(badPassword.errorsFor("iotile.password").isEmpty(), badPassword.toString());
        assertTrue(badPassword.errorsFor("iotile.url").isEmpty(), badPassword.toString());

        ConnectRestClient.ConfigValidation badSlug = cluster.rest().validate(CLASS, overrides("name", "v2",
            "topics", "x", "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", PASSWORD,
            "iotile.stream", "s--0020--5001"));
        assertFalse(badSlug.errorsFor("iotile.stream").isEmpty(), badSlug.toString());
        assertTrue(badSlug.errorsFor("iotile.stream").get(0).contains("s--PPPP-PPPP"), badSlug.toString());

        ConnectRestClient.ConfigValidation two = cluster.rest().validate(CLASS, overrides("name", "v3",
            "topics", "x", "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", PASSWORD,
            "iotile.stream", "s--0000-0020--0000-0000-0000-0000--5001", "iotile.stream.field", "slug"));
        assertFalse(two.errorsFor("iotile.stream").isEmpty(), two.toString());

        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS, overrides("name", "v4",
            "topics", "x", "iotile.url", sim.baseUrl(), "iotile.email", EMAIL, "iotile.password", PASSWORD,
            "iotile.topic.streams", "x:s--20--0--5001"));
        assertEquals(0, good.errorCount(), good.toString());
    }
}
