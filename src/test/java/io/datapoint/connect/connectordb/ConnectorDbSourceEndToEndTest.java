package io.datapoint.connect.connectordb;

import static io.datapoint.connect.connectordb.ConnectorDbEndToEnd.committed;
import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static io.datapoint.connect.connectordb.ConnectorDbEndToEnd.points;
import static io.datapoint.connect.connectordb.ConnectorDbEndToEnd.stored;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.connectordb.sim.ConnectorDbSimulator;
import io.datapoint.connect.connectordb.sim.Datapoint;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ConnectorDB source in a real Kafka broker and Connect worker with exactly-once source support, deployed from
 * connectors/connectordb-source.json against the ConnectorDB simulator.
 */
class ConnectorDbSourceEndToEndTest {

    private static final String CLASS = ConnectorDbSourceConnector.class.getName();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static ConnectorDbSimulator sim;
    private static ConnectCluster cluster;
    private static String userKey;

    @BeforeAll
    static void start() {
        sim = ConnectorDbSimulator.start();
        sim.setFailedLoginDelay(Duration.ZERO);
        // the server pings every second and drops a socket whose pong is missing: keep-alive is exercised throughout
        sim.setWebsocketPingInterval(Duration.ofSeconds(1));
        sim.createUser("alice", "secret");
        userKey = sim.userApiKey("alice");
        cluster = ConnectCluster.builder("connectordb-source").exactlyOnce(true)
            .env("CONNECTORDB_URL", sim.baseUrl()).env("CONNECTORDB_APIKEY", userKey).start();
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

    private static void stream(String path) {
        sim.createStream(path, JSON.objectNode().put("type", "number"), false);
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Waits until the topic holds exactly the stream's datapoints, in order, and nothing more arrives. */
    private static void assertTopicIsExactly(String topic, String path) {
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(cluster, topic).size() >= sim.data(path).size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
            .until(() -> committed(cluster, topic).size() == sim.data(path).size());
        assertEquals(stored(sim.data(path)), points(committed(cluster, topic)));
    }

    @Test
    void backfillOfTenThousandPointsOverThreeStreamsDeliversEachOnceInIndexOrder() {
        sim.createDevice("alice", "bf");
        int[] counts = {3334, 3333, 3333};
        for (int i = 0; i < 3; i++) {
            stream("alice/bf/s" + i);
            sim.preload("alice/bf/s" + i, counts[i], 1_600_000_000 + i, 0.5);
        }
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("connectordb-source.json", "backfill", overrides("connectordb.devices", "alice/bf",
            "tasks.max", "3", "topic.template", "backfill.${stream}"));
        for (int i = 0; i < 3; i++) {
            cluster.consumeCommitted("backfill.s" + i, counts[i]);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("connectordb backfill: 10000 datapoints over 3 streams in %.2f s from deployment"
            + " (%.0f datapoints/s, exactly-once on)%n", seconds, 10_000 / seconds);
        for (int i = 0; i < 3; i++) {
            String path = "alice/bf/s" + i;
            assertTopicIsExactly("backfill.s" + i, path);
            for (ConsumerRecord<byte[], byte[]> r : committed(cluster, "backfill.s" + i)) {
                assertEquals(path, ConnectorDbEndToEnd.key(r));
            }
        }
        ConsumerRecord<byte[], byte[]> first = committed(cluster, "backfill.s1").get(0);
        Map<String, String> headers = TopicReader.headers(first);
        assertEquals("connectordb", headers.get("datapoint.platform"));
        assertEquals("alice/bf/s1", headers.get("datapoint.stream"));
        assertEquals("0", headers.get("datapoint.index"));
        assertEquals(1_600_000_001_000L, first.timestamp());
        assertEquals("io.datapoint.connect.connectordb.Datapoint",
            TopicReader.json(first).path("schema").path("name").asText());
        assertEquals("double", TopicReader.json(first).path("schema").path("fields").get(1).path("type").asText(),
            "d is typed from the stream's schema");
        assertEquals("3332", TopicReader.headers(committed(cluster, "backfill.s1").get(3332))
            .get("datapoint.index"));
        cluster.rest().delete("backfill");
    }

    /** A read_committed consumer positioned at the end of the topic's single partition. */
    private static KafkaConsumer<byte[], byte[]> tail(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = cluster.embedded().kafka().createConsumer(
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        consumer.position(partitions.get(0));
        return consumer;
    }

    private static void awaitOne(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!consumer.poll(Duration.ofMillis(5)).isEmpty()) {
                return;
            }
        }
        throw new AssertionError("no record within 30 s");
    }

    @Test
    void liveInsertsArriveThroughTheWebsocketAndADroppedSocketIsCaughtUp() {
        sim.createDevice("alice", "live");
        String path = "alice/live/s";
        stream(path);
        sim.preload(path, 3, now() - 60, 1);
        cluster.deployProjectConnector("connectordb-source.json", "live", overrides("connectordb.devices", "",
            "connectordb.streams", path, "topic.template", "live", "poll.interval.ms", "600000"));
        cluster.consumeCommitted("live", 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.openWebsockets() > 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(cluster, "live").size() == 3);
        sim.clearCalls();
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> tail = tail("live")) {
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                sim.insert(path, List.of(Datapoint.of(now(), DoubleNode.valueOf(i))));
                // the poll interval is 10 minutes: only the websocket wake-up delivers this in time
                awaitOne(tail);
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        System.out.println("connectordb live latency (insert to committed record in Kafka), ms: " + latencies);

        // drop the socket mid-stream; what is written while it is down has no message and is never replayed
        sim.dropWebsockets();
        sim.insert(path, List.of(Datapoint.of(now(), DoubleNode.valueOf(10)), Datapoint.of(now(),
            DoubleNode.valueOf(11))));
        sim.insert(path, List.of(Datapoint.of(now(), DoubleNode.valueOf(12))));
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(cluster, "live").size() >= 10);
        List<Long> after = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> tail = tail("live")) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                sim.insert(path, List.of(Datapoint.of(now(), DoubleNode.valueOf(20 + i))));
                awaitOne(tail);
                after.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        System.out.println("connectordb live latency after the reconnect, ms: " + after);
        assertTopicIsExactly("live", path);
        long subscribes = sim.calls().stream().filter(c -> c.method().equals("WS")
            && c.body().contains("\"subscribe\"") && c.body().contains(path)).count();
        assertEquals(1, subscribes, "one resubscribe after the drop, and no other reconnect though the server"
            + " pinged every second");
        cluster.rest().delete("live");
    }

    @Test
    void aWorkerRestartedMidBackfillLosesNothingAndWithExactlyOnceDuplicatesNothing() {
        sim.createDevice("alice", "rs");
        String path = "alice/rs/s";
        stream(path);
        sim.preload(path, 6000, 1, 1);
        sim.delayNext(1000, Duration.ofMillis(40), path + "/data");
        cluster.deployProjectConnector("connectordb-source.json", "restart", overrides("connectordb.devices", "",
            "connectordb.streams", path, "topic.template", "restart", "batch.size", "100"));
        cluster.consumeCommitted("restart", 1500);
        cluster.removeWorker();
        cluster.addWorker();
        sim.clearFaults();
        assertTopicIsExactly("restart", path);
        List<ConsumerRecord<byte[], byte[]>> records = committed(cluster, "restart");
        assertEquals(6000, new HashSet<>(ConnectorDbEndToEnd.times(records)).size());
        System.out.printf("connectordb worker restart mid-backfill (exactly-once): %d committed records for 6000"
            + " datapoints%n", records.size());
        cluster.rest().delete("restart");
    }

    @Test
    void aStreamDeletedAndRecreatedIsDetectedAndReadFromItsStart() {
        sim.createDevice("alice", "rc");
        String path = "alice/rc/s";
        stream(path);
        sim.preload(path, 20, 1000, 1);
        cluster.deployProjectConnector("connectordb-source.json", "recreate", overrides("connectordb.devices", "",
            "connectordb.streams", path, "topic.template", "recreate", "poll.interval.ms", "1000"));
        cluster.consumeCommitted("recreate", 20);

        // recreated shorter than the cursor: the index range is refused
        sim.deleteStream(path);
        stream(path);
        sim.preload(path, 5, 1, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(cluster, "recreate").size() >= 25);
        List<ConsumerRecord<byte[], byte[]>> records = committed(cluster, "recreate");
        assertEquals(stored(sim.data(path)), points(records.subList(20, 25)));
        assertEquals("0", TopicReader.headers(records.get(20)).get("datapoint.index"));

        // recreated longer than the cursor: the timestamp before the cursor gives it away
        sim.deleteStream(path);
        stream(path);
        sim.preload(path, 40, 5000, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(cluster, "recreate").size() >= 65);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
            .until(() -> committed(cluster, "recreate").size() == 65);
        records = committed(cluster, "recreate");
        assertEquals(stored(sim.data(path)), points(records.subList(25, 65)));
        assertEquals("0", TopicReader.headers(records.get(25)).get("datapoint.index"));
        cluster.rest().delete("recreate");
    }

    @Test
    void aNewStreamOfASelectedDeviceFlowsWithoutARestart() {
        sim.createDevice("alice", "disc");
        stream("alice/disc/a");
        sim.preload("alice/disc/a", 3, 10, 1);
        cluster.deployProjectConnector("connectordb-source.json", "discover", overrides("connectordb.devices", "alice/disc",
            "topic.template", "discover.${stream}", "discovery.interval.ms", "1000"));
        cluster.consumeCommitted("discover.a", 3);
        stream("alice/disc/b");
        sim.preload("alice/disc/b", 4, 20, 1);
        cluster.consumeCommitted("discover.b", 4);
        assertEquals(stored(sim.data("alice/disc/b")), points(committed(cluster, "discover.b")));
        cluster.rest().delete("discover");
    }

    @Test
    void validateReportsABadApiKeyOnTheKeyFieldAndAMalformedPathOnThePathField() {
        sim.createDevice("alice", "val");
        stream("alice/val/s");
        ConnectRestClient.ConfigValidation badKey = cluster.rest().validate(CLASS, overrides("name", "v1",
            "connectordb.url", sim.baseUrl(), "connectordb.apikey", "not-a-key", "connectordb.streams", "alice/val/s"));
        assertFalse(badKey.errorsFor("connectordb.apikey").isEmpty(), badKey.toString());
        assertTrue(badKey.errorsFor("connectordb.url").isEmpty(), badKey.toString());
        assertFalse(badKey.toString().contains("not-a-key"), "the key is not echoed");

        ConnectRestClient.ConfigValidation badPath = cluster.rest().validate(CLASS, overrides("name", "v2",
            "connectordb.url", sim.baseUrl(), "connectordb.apikey", userKey, "connectordb.streams", "alice/val"));
        assertFalse(badPath.errorsFor("connectordb.streams").isEmpty(), badPath.toString());
        assertTrue(badPath.errorsFor("connectordb.apikey").isEmpty(), badPath.toString());

        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS, overrides("name", "v3",
            "connectordb.url", sim.baseUrl(), "connectordb.apikey", userKey, "connectordb.streams", "alice/val/s"));
        assertEquals(0, good.errorCount(), good.toString());

        ConnectRestClient.ConfigValidation password = cluster.rest().validate(CLASS, overrides("name", "v4",
            "connectordb.url", sim.baseUrl(), "connectordb.user", "alice", "connectordb.password", "wrong",
            "connectordb.streams", "alice/val/s"));
        assertFalse(password.errorsFor("connectordb.password").isEmpty(), password.toString());

        ConnectRestClient.ConfigValidation none = cluster.rest().validate(CLASS, overrides("name", "v5",
            "connectordb.url", sim.baseUrl(), "connectordb.apikey", userKey));
        assertFalse(none.errorsFor("connectordb.streams").isEmpty(), none.toString());
    }
}
