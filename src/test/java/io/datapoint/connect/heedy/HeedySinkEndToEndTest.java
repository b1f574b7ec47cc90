package io.datapoint.connect.heedy;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.heedy.sim.Datapoint;
import io.datapoint.connect.heedy.sim.HeedySimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heedy sink in a real Kafka broker and Connect worker, deployed from connectors/heedy-sink.json. */
class HeedySinkEndToEndTest {

    private static final String CLASS = HeedySinkConnector.class.getName();
    private static HeedySimulator heedy;
    private static ConnectCluster cluster;
    private static String token;
    private static String appId;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        heedy = HeedySimulator.start();
        heedy.setAuthFailureDelay(Duration.ZERO);
        token = heedy.createApp("bob", false);
        appId = heedy.appId(token);
        cluster = ConnectCluster.builder("heedy-sink").env("HEEDY_URL", heedy.baseUrl()).env("HEEDY_TOKEN", token)
            .start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (heedy != null) {
            heedy.close();
        }
    }

    /** A JsonConverter envelope: struct {t: double seconds, v: double}. */
    private static byte[] reading(double t, double v) {
        ObjectNode envelope = HeedyClient.JSON.createObjectNode();
        ObjectNode schema = envelope.putObject("schema").put("type", "struct").put("optional", false);
        schema.putArray("fields")
            .add(HeedyClient.JSON.createObjectNode().put("field", "t").put("type", "double").put("optional", false))
            .add(HeedyClient.JSON.createObjectNode().put("field", "v").put("type", "double").put("optional", false));
        envelope.putObject("payload").put("t", t).put("v", v);
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, null, value));
    }

    private static String numberObject(String name) {
        return heedy.createTimeseries("bob", null, name, null, null,
            HeedyClient.JSON.createObjectNode().put("type", "number"));
    }

    @Test
    void tenThousandRecordsToThreeObjectsWithAForcedFailureAndRedeliveryLeaveNoDuplicate() {
        List<String> ids = List.of(numberObject("s0"), numberObject("s1"), numberObject("s2"));
        String path1 = "/api/objects/" + ids.get(1) + "/timeseries";
        heedy.storeThenDropNext(1, "/api/objects/" + ids.get(0) + "/timeseries"); // stored, but the answer is lost
        heedy.failNext(4, 500, null, path1); // more than http.retries.max=2 allows: the task fails
        cluster.deployProjectConnector("heedy-sink.json", "bulk", overrides("topics", "bulk0,bulk1,bulk2", "heedy.key", "",
            "heedy.topic.objects", "bulk0:" + ids.get(0) + ",bulk1:" + ids.get(1) + ",bulk2:" + ids.get(2),
            "data.field", "v", "http.retries.max", "2", "http.retry.backoff.ms", "50", "batch.max.records", "500"));
        int[] counts = {3334, 3333, 3333};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < counts[i]; k++) {
                send("bulk" + i, reading(1_700_000_000 + k, k * 0.5));
            }
        }
        producer.flush();
        long t0 = System.nanoTime();
        await("the failing task").atMost(Duration.ofSeconds(60)).until(() -> cluster.rest().status("bulk")
            .map(s -> s.tasks().contains("FAILED")).orElse(false));
        cluster.restartConnector("bulk"); // Connect redelivers everything after the last committed offset
        await().atMost(Duration.ofSeconds(90)).until(() ->
            heedy.length(ids.get(0)) == counts[0] && heedy.length(ids.get(1)) == counts[1]
                && heedy.length(ids.get(2)) == counts[2]);
        System.out.printf("heedy sink: 10000 records written in %.2f s after the restart%n",
            (System.nanoTime() - t0) / 1e9);
        for (int i = 0; i < 3; i++) {
            List<Datapoint> stored = heedy.data(ids.get(i));
            assertEquals(counts[i], stored.size());
            for (int k = 0; k < counts[i]; k++) {
                assertEquals(1_700_000_000.0 + k, stored.get(k).t());
                assertEquals(k * 0.5, stored.get(k).d().asDouble());
            }
        }
        cluster.awaitRunning("bulk", 1);
        cluster.rest().delete("bulk");
    }

    @Test
    void recordsThatBreakTheObjectSchemaGoToTheDeadLetterTopicAndTheRestIsWritten() {
        String id = numberObject("strict");
        cluster.createTopic("strict-dlq", 1);
        cluster.deployProjectConnector("heedy-sink.json", "strict", overrides("topics", "strict", "heedy.key", "", "heedy.object", id,
            "errors.deadletterqueue.topic.name", "strict-dlq",
            "value.converter", "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable", "false"));
        Set<Integer> bad = Set.of(17, 42, 88);
        for (int k = 0; k < 100; k++) {
            String d = bad.contains(k) ? "\"not a number\"" : Double.toString(k);
            send("strict", ("{\"t\":" + (500 + k) + ",\"d\":" + d + "}").getBytes(StandardCharsets.UTF_8));
        }
        producer.flush();
        List<ConsumerRecord<byte[], byte[]>> dead = cluster.consume("strict-dlq", 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> heedy.length(id), n -> n == 97);
        Set<Double> deadTimes = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            deadTimes.add(TopicReader.json(r).get("t").asDouble());
            Map<String, String> headers = TopicReader.headers(r);
            String message = headers.get("__connect.errors.exception.message");
            assertTrue(message != null && message.contains("The data failed schema validation"), headers.toString());
            assertEquals("strict", headers.get("__connect.errors.topic"));
        }
        assertEquals(Set.of(517.0, 542.0, 588.0), deadTimes);
        assertEquals(3, cluster.topics().count("strict-dlq"));
        Set<Double> written = new HashSet<>();
        heedy.data(id).forEach(p -> written.add(p.t()));
        assertEquals(97, written.size());
        assertFalse(written.contains(517.0) || written.contains(542.0) || written.contains(588.0));
        cluster.rest().delete("strict");
    }

    @Test
    void aKeyTargetIsCreatedWithASchemaFromTheRecordsAndTombstonesAreSkipped() {
        cluster.deployProjectConnector("heedy-sink.json", "bykey", overrides("topics", "bykey", "heedy.key", "made-by-sink",
            "heedy.create.name", "Made by the sink", "time.field", "t", "data.field", "v"));
        for (int k = 0; k < 10; k++) {
            send("bykey", reading(100 + k, k));
            if (k == 5) {
                send("bykey", null); // a tombstone: skipped and counted
            }
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> objectWithKey("made-by-sink") != null
            && heedy.length(objectWithKey("made-by-sink").path("id").asText()) == 10);
        JsonNode created = objectWithKey("made-by-sink");
        assertEquals("Made by the sink", created.path("name").asText());
        assertEquals("number", created.path("meta").path("schema").path("type").asText());
        List<Double> ts = new ArrayList<>();
        heedy.data(created.path("id").asText()).forEach(p -> ts.add(p.t()));
        assertEquals(List.of(100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0), ts);
        cluster.awaitRunning("bykey", 1);
        cluster.rest().delete("bykey");
    }

    private static JsonNode objectWithKey(String key) {
        try {
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            okhttp3.Request request = new okhttp3.Request.Builder()
                .url(heedy.baseUrl() + "/api/objects?app=self&key=" + key)
                .header("Authorization", "Bearer " + token).build();
            try (okhttp3.Response response = http.newCall(request).execute()) {
                JsonNode list = HeedyClient.JSON.readTree(response.body().string());
                return list.isArray() && list.size() > 0 ? list.get(0) : null;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void validateWantsExactlyOneTargetAndAWorkingToken() {
        ConnectRestClient.ConfigValidation none = cluster.rest().validate(CLASS, overrides("name", "v1", "topics", "x",
            "heedy.url", heedy.baseUrl(), "heedy.token", token));
        assertFalse(none.errorsFor("heedy.object").isEmpty(), none.toString());
        ConnectRestClient.ConfigValidation two = cluster.rest().validate(CLASS, overrides("name", "v2", "topics", "x",
            "heedy.url", heedy.baseUrl(), "heedy.token", token, "heedy.object", "a", "heedy.key", "b"));
        assertFalse(two.errorsFor("heedy.key").isEmpty(), two.toString());
        ConnectRestClient.ConfigValidation badToken = cluster.rest().validate(CLASS, overrides("name", "v3", "topics", "x",
            "heedy.url", heedy.baseUrl(), "heedy.token", "wrong", "heedy.key", "k"));
        assertFalse(badToken.errorsFor("heedy.token").isEmpty(), badToken.toString());
        assertEquals(appId, heedy.appId(token));
    }
}
