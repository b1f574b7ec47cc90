package io.datapoint.connect.flowthings;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/** The flowthings sink in a real Kafka broker and Connect worker, deployed from connectors/flowthings-sink.json. */
class FlowthingsSinkEndToEndTest {

    private static final String CLASS = FlowthingsSinkConnector.class.getName();
    private static final String ACCOUNT = "bob";
    private static final String TOKEN = "bob-token";
    private static FlowthingsSimulator sim;
    private static ConnectCluster cluster;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount(ACCOUNT, TOKEN);
        cluster = ConnectCluster.builder("flowthings-sink").env("FLOWTHINGS_URL", sim.apiUrl())
            .env("FLOWTHINGS_ACCOUNT", ACCOUNT).env("FLOWTHINGS_TOKEN", TOKEN)
            .env("FLOWTHINGS_SINK_PATH", "/bob/none").start();
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
        if (sim != null) {
            sim.close();
        }
    }

    private static void send(String topic, String json) {
        producer.send(new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> schemaless(String... more) {
        Map<String, String> o = new java.util.HashMap<>(overrides(more));
        o.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        o.put("value.converter.schemas.enable", "false");
        return o;
    }

    @Test
    void timeoutsAndLostAnswersAfterTheServerStoredTheDropLeaveNoDuplicate() {
        String flow = sim.createFlow(ACCOUNT, "/bob/copies");
        sim.storeThenDropNext("POST", "/drop/" + flow, 5); // stored, but the answer never arrives
        sim.resetNext("POST", "/drop/" + flow, 3); // cut before anything happened
        sim.failNext("POST", "/drop/" + flow, 3, 503, "0");
        sim.delayNext("POST", "/drop/" + flow, 3, 2_500); // longer than the read timeout
        cluster.deployProjectConnector("flowthings-sink.json", "copies", schemaless("topics", "copies",
            "flowthings.flow.path", "/bob/copies", "http.timeout.read.ms", "1000", "http.retry.backoff.ms", "50",
            "http.retries.max", "10", "batch.max.records", "100"));
        long t0 = System.nanoTime();
        for (int k = 0; k < 500; k++) {
            send("copies", "{\"elems\":{\"k\":" + k + ",\"v\":" + (k * 0.5) + "}}");
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(90)).until(() -> sim.drops(flow).size() >= 500);
        System.out.printf("flowthings sink: 500 drops written in %.2f s with injected faults%n",
            (System.nanoTime() - t0) / 1e9);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
            .until(() -> sim.drops(flow).size() == 500);
        Set<Integer> ks = new HashSet<>();
        for (JsonNode d : sim.drops(flow)) {
            ks.add(d.path("elems").path("k").asInt());
            assertTrue(d.path("fhash").asText().startsWith("copies-0-"), d.toString());
        }
        assertEquals(500, ks.size(), "each record once");
        cluster.rest().delete("copies");
    }

    @Test
    void aDropTheServerRefusesGoesToTheDeadLetterTopicWithTheServersMessageAndTheRestIsWritten() {
        String flow = sim.createFlow(ACCOUNT, "/bob/strict");
        sim.setFlowFilter(flow, "elems.v >= 0");
        cluster.createTopic("strict-dlq", 1);
        cluster.deployProjectConnector("flowthings-sink.json", "strict", schemaless("topics", "strict",
            "flowthings.flow.path", "", "flowthings.topic.flows", "strict:" + flow, "data.field", "",
            "errors.deadletterqueue.topic.name", "strict-dlq"));
        Set<Integer> bad = Set.of(17, 42, 88);
        for (int k = 0; k < 100; k++) {
            send("strict", "{\"k\":" + k + ",\"v\":" + (bad.contains(k) ? -1 : k) + "}");
        }
        producer.flush();
        List<ConsumerRecord<byte[], byte[]>> dead = cluster.consume("strict-dlq", 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.drops(flow).size() == 97);
        Set<Integer> deadKs = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            deadKs.add(TopicReader.json(r).get("k").asInt());
            String message = TopicReader.headers(r).get("__connect.errors.exception.message");
            assertTrue(message != null && message.contains("does not match the filter"), message);
        }
        assertEquals(bad, deadKs);
        Set<Integer> written = new HashSet<>();
        sim.drops(flow).forEach(d -> written.add(d.path("elems").path("k").asInt()));
        assertEquals(97, written.size());
        assertFalse(written.contains(17) || written.contains(42) || written.contains(88));
        cluster.rest().delete("strict");
    }

    @Test
    void validateReportsTheTargetsABadTokenAndAnUnknownFlowPath() {
        sim.createFlow(ACCOUNT, "/bob/target");
        ConnectRestClient.ConfigValidation none = cluster.rest().validate(CLASS, overrides("name", "v1", "topics", "x",
            "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", TOKEN));
        assertFalse(none.errorsFor("flowthings.flow.id").isEmpty(), none.toString());
        ConnectRestClient.ConfigValidation badToken = cluster.rest().validate(CLASS, overrides("name", "v2",
            "topics", "x", "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", "no",
            "flowthings.flow.path", "/bob/target"));
        assertFalse(badToken.errorsFor("flowthings.token").isEmpty(), badToken.toString());
        ConnectRestClient.ConfigValidation unknown = cluster.rest().validate(CLASS, overrides("name", "v3",
            "topics", "x", "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", TOKEN,
            "flowthings.flow.path", "/bob/elsewhere"));
        assertFalse(unknown.errorsFor("flowthings.flow.path").isEmpty(), unknown.toString());
        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS, overrides("name", "v4",
            "topics", "x", "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", TOKEN,
            "flowthings.flow.path", "/bob/target"));
        assertEquals(0, good.errorCount(), good.toString());
    }
}
