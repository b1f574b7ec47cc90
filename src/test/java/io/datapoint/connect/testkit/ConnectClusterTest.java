package io.datapoint.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the embedded harness with the test-only {@link CountingSourceConnector}, deployed from its JSON over REST. */
class ConnectClusterTest {

    private static final Path COUNTING_JSON = Path.of("src/test/resources/testkit/counting-source.json");
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ConnectCluster.builder("testkit").exactlyOnce(true).start();
        System.out.println("[measure] embedded Connect cluster (1 broker, 1 worker, exactly-once) started in "
                + cluster.startTime().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deploysJsonWithEnvReferenceAndReadsCommittedRecordsInOrder() {
        cluster.env().put("COUNTING_TOPIC", "counting-in-order");
        ConnectorJson deployed = cluster.deploy(COUNTING_JSON, Map.of());
        assertEquals("${env:COUNTING_TOPIC}", deployed.config().get("topic"), "the JSON is deployed unresolved");
        cluster.awaitRunning("counting", 1);

        List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeCommitted("counting-in-order", 100);

        assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), seqs(records));
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        assertEquals("counting-in-order", TopicReader.json(first.key()).path("payload").asText());
        assertEquals("io.datapoint.connect.testkit.Count", TopicReader.json(first).path("schema").path("name").asText());
        assertEquals(Map.of("counting.topic", "counting-in-order", "counting.seq", "1"), TopicReader.headers(first));
        assertEquals(List.of("counting-in-order"), cluster.rest().activeTopics("counting"));
    }

    @Test
    void validationReportsErrorsPerField() {
        ConnectorJson json = ConnectorJson.load(COUNTING_JSON).with(Map.of("count", "-1", "topic", ""));

        ConnectRestClient.ConfigValidation validation = cluster.validate(json);

        assertEquals(2, validation.errorCount(), validation.toString());
        assertFalse(validation.errorsFor("count").isEmpty());
        assertFalse(validation.errorsFor("topic").isEmpty());
        assertTrue(validation.errorsFor("interval.ms").isEmpty());
    }

    @Test
    void validationResolvesEnvReferencesLikeDeployment() {
        cluster.env().put("VALID_COUNT", "5");
        cluster.env().put("INVALID_COUNT", "-5");
        ConnectorJson json = ConnectorJson.load(COUNTING_JSON).with(Map.of("topic", "t"));

        ConnectRestClient.ConfigValidation valid = cluster.validate(json.with(Map.of("count", "${env:VALID_COUNT}")));
        ConnectRestClient.ConfigValidation invalid = cluster.validate(json.with(Map.of("count", "${env:INVALID_COUNT}")));

        assertEquals(0, valid.errorCount(), valid.toString());
        assertEquals(1, invalid.errorsFor("count").size(), invalid.toString());
    }

    @Test
    void offsetsCanBeReadAndMovedWhileStopped() {
        cluster.env().put("OFFSETS_TOPIC", "counting-offsets");
        ConnectorJson json = ConnectorJson.load(COUNTING_JSON).named("counting-offsets")
                .with(Map.of("topic", "${env:OFFSETS_TOPIC}", "count", "10"));
        cluster.deploy(json, Map.of());
        cluster.awaitRunning("counting-offsets", 1);
        cluster.consumeCommitted("counting-offsets", 10);
        Map<String, String> partition = Map.of("counter", "counting-offsets");

        cluster.alterSourceOffset("counting-offsets", partition, Map.of("seq", 500));
        JsonNode offsets = cluster.rest().offsets("counting-offsets");
        cluster.rest().putConnectorConfig("counting-offsets", json.with(Map.of("count", "505")).config());
        cluster.rest().resume("counting-offsets");
        cluster.awaitRunning("counting-offsets", 1);

        assertEquals(1, offsets.size(), offsets.toString());
        assertEquals(500, offsets.get(0).path("offset").path("seq").asLong());
        List<Long> seqs = seqs(cluster.consumeCommitted("counting-offsets", 15));
        assertEquals(List.of(9L, 10L, 501L, 502L, 503L, 504L, 505L), seqs.subList(8, 15));
    }

    @Test
    void continuesWithoutDuplicatesAfterItsWorkerIsReplaced() {
        cluster.env().put("RESTART_TOPIC", "counting-restart");
        ConnectorJson json = ConnectorJson.load(COUNTING_JSON).named("counting-restart")
                .with(Map.of("topic", "${env:RESTART_TOPIC}", "count", "30"));
        cluster.deploy(json, Map.of());
        cluster.awaitRunning("counting-restart", 1);
        cluster.consumeCommitted("counting-restart", 30);

        cluster.removeWorker();
        cluster.addWorker();
        cluster.rest().putConnectorConfig("counting-restart", json.with(Map.of("count", "60")).config());
        cluster.awaitRunning("counting-restart", 1);

        assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), seqs(cluster.consumeCommitted("counting-restart", 60)));
    }

    private static List<Long> seqs(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> TopicReader.payload(r).path("seq").asLong()).toList();
    }
}
