package io.datapoint.connect.connectordb;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.connectordb.sim.ConnectorDbSimulator;
import io.datapoint.connect.connectordb.sim.Datapoint;
import io.datapoint.connect.connectordb.sim.RecordedCall;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ConnectorDB sink (and the downlink source) in a real Kafka broker and Connect worker, deployed from
 * connectors/connectordb-sink.json and connectors/connectordb-downlink-source.json against the simulator.
 */
class ConnectorDbSinkEndToEndTest {

    private static final String CLASS = ConnectorDbSinkConnector.class.getName();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static ConnectorDbSimulator sim;
    private static ConnectCluster cluster;
    private static String lightKey;

    @BeforeAll
    static void start() {
        sim = ConnectorDbSimulator.start();
        sim.setFailedLoginDelay(Duration.ZERO);
        sim.createUser("alice", "secret");
        lightKey = sim.createDevice("alice", "light");
        sim.createStream("alice/light/power", JSON.objectNode().put("type", "boolean"), true);
        sim.createStream("alice/light/level", JSON.objectNode().put("type", "number"), false);
        cluster = ConnectCluster.builder("connectordb-sink").env("CONNECTORDB_URL", sim.baseUrl())
            .env("CONNECTORDB_APIKEY", sim.userApiKey("alice")).start();
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

    /** A record value as the JSON converter with schemas reads it: {t: seconds, field: value}. */
    private static String value(double t, String field, String type, String json) {
        return "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"t\",\"type\":\"double\"},{\"field\":\""
            + field + "\",\"type\":\"" + type + "\"}]},\"payload\":{\"t\":" + t + ",\"" + field + "\":" + json + "}}";
    }

    private static void produce(String topic, String value) {
        cluster.embedded().kafka().produce(topic, null, value);
    }

    @Test
    void commandsWrittenByTheSinkIntoADownlinkReachKafkaThroughTheDownlinkSource() {
        cluster.createTopic("commands", 1);
        cluster.deployProjectConnector("connectordb-sink.json", "commands-sink", overrides("topics", "commands",
            "connectordb.stream", "alice/light/power", "connectordb.downlink", "true", "data.field", "on",
            "errors.deadletterqueue.topic.name", "commands-dlq"));
        cluster.deployProjectConnector("connectordb-downlink-source.json", "light-downlink", overrides(
            "connectordb.streams", "alice/light/power", "topic.template", "light.${stream}${downlink}",
            "poll.interval.ms", "600000"));
        cluster.awaitRunning("light-downlink", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.openWebsockets() > 0);
        double base = System.currentTimeMillis() / 1000.0;
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            produce("commands", value(base + i, "on", "boolean", Boolean.toString(i % 2 == 0)));
        }
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("light.power.downlink", 5);
        System.out.printf("connectordb round trip (5 commands: Kafka -> sink -> downlink -> source -> Kafka):"
            + " %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(5, records.size());
        for (int i = 0; i < 5; i++) {
            var payload = TopicReader.payload(records.get(i));
            assertEquals(base + i, payload.get("t").asDouble(), 1e-6);
            assertEquals(i % 2 == 0, payload.get("d").asBoolean());
            assertEquals("alice/user", payload.get("o").asText(), "o names the commanding device");
            assertEquals("alice/light/power/downlink", ConnectorDbEndToEnd.key(records.get(i)));
        }
        assertEquals(5, sim.downlinkData("alice/light/power").size());
        assertTrue(sim.data("alice/light/power").isEmpty(), "commands do not touch the device's own stream");
        cluster.rest().delete("commands-sink");
        cluster.rest().delete("light-downlink");
    }

    @Test
    void injectedFailuresNeitherDuplicateNorLoseAndRejectsGoToTheDeadLetterQueue() {
        String path = "alice/light/level";
        String data = "/api/v1/crud/" + path + "/data";
        cluster.createTopic("levels", 1);
        cluster.deployProjectConnector("connectordb-sink.json", "levels-sink", overrides("topics", "levels",
            "connectordb.apikey", lightKey, "connectordb.stream", path, "data.field", "v",
            "errors.deadletterqueue.topic.name", "levels-dlq", "batch.linger.ms", "20", "batch.max.records", "20",
            "http.retry.backoff.ms", "50"));
        for (int t = 1; t <= 50; t++) {
            produce("levels", value(t, "v", "double", Double.toString(t)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.data(path).size() == 50);

        // writes that land but lose their answer, and 5xx before processing, mixed
        sim.clearCalls();
        sim.storeThenDropNext(2, data, "POST");
        sim.failNext(2, 503, null, data, "POST");
        sim.storeThenDropNext(1, data, "POST");
        List<Double> expected = new ArrayList<>(IntStream.rangeClosed(1, 50).mapToObj(t -> (double) t).toList());
        for (int t = 51; t <= 150; t++) {
            if (t == 100) {
                produce("levels", value(t, "v", "string", "\"bright\"")); // breaks the stream's schema
            } else {
                produce("levels", value(t, "v", "double", Double.toString(t)));
                expected.add((double) t);
            }
            if (t == 120) {
                produce("levels", value(20.5, "v", "double", "20.5")); // older than the stream's end
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.data(path).size() >= expected.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
            .until(() -> sim.data(path).size() == expected.size());
        List<Datapoint> stored = sim.data(path);
        assertEquals(expected, stored.stream().map(Datapoint::t).toList(), "each point once, in order");
        assertEquals(expected, stored.stream().map(d -> d.d().asDouble()).toList());
        List<RecordedCall> faulted = sim.calls().stream().filter(c -> c.fault() != null).toList();
        assertEquals(List.of("STORE_THEN_DROP", "STORE_THEN_DROP", "FAIL", "FAIL", "STORE_THEN_DROP"),
            faulted.stream().map(RecordedCall::fault).toList(), "every armed fault hit a write: " + faulted);

        List<ConsumerRecord<byte[], byte[]>> dlq = cluster.consume("levels-dlq", 2);
        assertEquals(2, dlq.size());
        Map<Double, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            reasons.put(TopicReader.payload(r).get("t").asDouble(),
                TopicReader.headers(r).get("__connect.errors.exception.message"));
        }
        assertTrue(reasons.get(100.0).contains("did not conform to the stream's schema"), reasons.toString());
        assertTrue(reasons.get(20.5).contains("Greater timestamp already exists"), reasons.toString());
        ConnectRestClient.ConnectorState state = cluster.awaitRunning("levels-sink", 1);
        assertTrue(state.runningWith(1));
        cluster.rest().delete("levels-sink");
    }

    @Test
    void replayingTheWholeTopicAfterAnOffsetResetWritesNothingTwice() {
        String path = "alice/light/replay";
        sim.createStream(path, JSON.objectNode().put("type", "number"), false);
        cluster.createTopic("replay", 1);
        cluster.deployProjectConnector("connectordb-sink.json", "replay-sink", overrides("topics", "replay",
            "connectordb.apikey", lightKey, "connectordb.stream", path, "data.field", "v",
            "errors.deadletterqueue.topic.name", "replay-dlq", "batch.max.records", "50"));
        for (int t = 1; t <= 300; t++) {
            produce("replay", value(t, "v", "double", Double.toString(t % 7)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.data(path).size() == 300);
        List<Datapoint> before = sim.data(path);
        sim.clearCalls();
        cluster.replaySinkFromStart("replay-sink");
        // the task reads all 300 records again, recognises them in the stream, and commits past them
        cluster.awaitSinkOffset("replay-sink", 300);
        assertEquals(before, sim.data(path));
        assertEquals(0, sim.calls().stream().filter(c -> c.method().equals("POST")).count(),
            "nothing was sent again");
        assertTrue(sim.calls().stream().anyMatch(c -> c.method().equals("GET") && c.query() != null
            && c.query().contains("t1=")), "the replayed records were checked against the stream");
        cluster.rest().delete("replay-sink");
    }

    @Test
    void validateReportsABadApiKeyOnTheKeyFieldAndAMalformedPathOnThePathField() {
        ConnectRestClient.ConfigValidation badKey = cluster.rest().validate(CLASS, overrides("name", "v1",
            "topics", "x", "connectordb.url", sim.baseUrl(), "connectordb.apikey", "not-a-key",
            "connectordb.stream", "alice/light/level"));
        assertFalse(badKey.errorsFor("connectordb.apikey").isEmpty(), badKey.toString());
        assertTrue(badKey.errorsFor("connectordb.url").isEmpty(), badKey.toString());

        ConnectRestClient.ConfigValidation badPath = cluster.rest().validate(CLASS, overrides("name", "v2",
            "topics", "x", "connectordb.url", sim.baseUrl(), "connectordb.apikey", lightKey,
            "connectordb.stream", "alice/light"));
        assertFalse(badPath.errorsFor("connectordb.stream").isEmpty(), badPath.toString());
        assertTrue(badPath.errorsFor("connectordb.apikey").isEmpty(), badPath.toString());

        ConnectRestClient.ConfigValidation badMap = cluster.rest().validate(CLASS, overrides("name", "v3",
            "topics", "x", "connectordb.url", sim.baseUrl(), "connectordb.apikey", lightKey,
            "connectordb.topic.streams", "x:alice/light/level/extra"));
        assertFalse(badMap.errorsFor("connectordb.topic.streams").isEmpty(), badMap.toString());

        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS, overrides("name", "v4",
            "topics", "x", "connectordb.url", sim.baseUrl(), "connectordb.apikey", lightKey,
            "connectordb.stream", "alice/light/level"));
        assertEquals(0, good.errorCount(), good.toString());
    }
}
