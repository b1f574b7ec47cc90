package io.datapoint.connect.heedy;

import static io.datapoint.connect.heedy.HeedyEndToEnd.all;
import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static io.datapoint.connect.heedy.HeedyEndToEnd.times;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.heedy.sim.Datapoint;
import io.datapoint.connect.heedy.sim.HeedySimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heedy source in a real Kafka broker and Connect worker, deployed from connectors/heedy-source.json. */
class HeedySourceEndToEndTest {

    private static final String CLASS = HeedySourceConnector.class.getName();
    private static HeedySimulator heedy;
    private static ConnectCluster cluster;
    private static String token;

    @BeforeAll
    static void start() {
        heedy = HeedySimulator.start();
        heedy.setAuthFailureDelay(Duration.ZERO);
        token = heedy.createApp("alice", false);
        cluster = ConnectCluster.builder("heedy-source").env("HEEDY_URL", heedy.baseUrl()).env("HEEDY_TOKEN", token)
            .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (heedy != null) {
            heedy.close();
        }
    }

    private static String object(String name, String tags) {
        return heedy.createTimeseries("alice", null, name, null, tags,
            HeedyClient.JSON.createObjectNode().put("type", "number"));
    }

    private static void assertExactly(List<Datapoint> expected, List<ConsumerRecord<byte[], byte[]>> records) {
        assertEquals(expected.stream().map(Datapoint::t).toList(), times(records));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).d().asDouble(), TopicReader.payload(records.get(i)).get("d").asDouble());
        }
    }

    @Test
    void backfillOfTenThousandPointsAcrossThreeObjectsDeliversEachOnceInOrder() throws Exception {
        List<String> ids = List.of(object("bf0", "backfill"), object("bf1", "backfill"), object("bf2", "backfill"));
        int[] counts = {3334, 3333, 3333};
        for (int i = 0; i < 3; i++) {
            heedy.preload(ids.get(i), counts[i], 1_600_000_000 + i, 0.5);
        }
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("heedy-source.json", "backfill", overrides("heedy.tags", "backfill", "tasks.max", "3",
            "topic.template", "backfill.${name}"));
        for (int i = 0; i < 3; i++) {
            List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("backfill.bf" + i, counts[i]);
            assertExactly(heedy.data(ids.get(i)), records);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                assertEquals(ids.get(i), HeedyEndToEnd.key(r));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("heedy backfill: 10000 datapoints in %.2f s from deployment (%.0f datapoints/s)%n",
            seconds, 10_000 / seconds);
        ConsumerRecord<byte[], byte[]> first = cluster.consume("backfill.bf0", 1).get(0);
        Map<String, String> headers = TopicReader.headers(first);
        assertEquals("heedy", headers.get("datapoint.platform"));
        assertEquals(ids.get(0), headers.get("datapoint.stream"));
        assertEquals("bf0", headers.get("datapoint.name"));
        assertEquals(1_600_000_000_000L, first.timestamp());
        assertEquals("io.datapoint.connect.heedy.Datapoint",
            TopicReader.json(first).path("schema").path("name").asText());
        // records carry the datapoints' own, historical times: the JSON has Connect create topics that keep them
        assertEquals("-1", topicConfig("backfill.bf0", "retention.ms"));
        cluster.rest().delete("backfill");
    }

    private static String topicConfig(String topic, String key) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = cluster.embedded().kafka().createAdminClient()) {
            org.apache.kafka.common.config.ConfigResource resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
        }
    }

    @Test
    void liveAppendsArriveThroughEventsDespiteALongPollIntervalAndAfterTheSocketDrops() {
        String id = object("live", "live");
        heedy.preload(id, 5, 1_700_000_000, 1);
        cluster.deployProjectConnector("heedy-source.json", "live", overrides("heedy.tags", "live", "topic.template", "live",
            "poll.interval.ms", "600000"));
        cluster.consume("live", 5);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i == 3) {
                heedy.dropWebsockets(); // the task must reconnect and resubscribe
                await().atMost(Duration.ofSeconds(30)).until(() -> heedy.openWebsockets() > 0);
            }
            double t = System.currentTimeMillis() / 1000.0;
            long start = System.nanoTime();
            heedy.insert(id, List.of(new Datapoint(t, 0, DoubleNode.valueOf(i))));
            int expected = 6 + i;
            // the poll interval is 10 minutes: only the event wake-up can deliver this in time
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.topics().count("live") >= expected);
            latencies.add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("heedy live latency (insert to record in Kafka), ms: " + latencies);
        assertExactly(heedy.data(id), all(cluster, "live"));
        cluster.rest().delete("live");
    }

    @Test
    void pointsBackFilledBehindTheCursorAreDelivered() {
        String id = object("past", "past");
        heedy.preload(id, 10, 1000, 1); // t = 1000 .. 1009, d = 0 .. 9
        cluster.deployProjectConnector("heedy-source.json", "past", overrides("heedy.tags", "past", "topic.template", "past",
            "poll.interval.ms", "600000"));
        cluster.consume("past", 10);
        heedy.insert(id, List.of(new Datapoint(1003.5, 0, DoubleNode.valueOf(35)),
            new Datapoint(1005.5, 0, DoubleNode.valueOf(55))));
        heedy.insert(id, List.of(new Datapoint(1002, 0, DoubleNode.valueOf(200)))); // an update in place
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.topics().count("past") >= 13);
        List<ConsumerRecord<byte[], byte[]>> records = all(cluster, "past");
        List<Double> late = times(records.subList(10, records.size()));
        assertEquals(Set.of(1003.5, 1005.5, 1002.0), new HashSet<>(late), "re-read points: " + late);
        assertEquals(200.0, TopicReader.payload(records.get(10 + late.indexOf(1002.0))).get("d").asDouble());
        // nothing else is delivered again
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
            .until(() -> cluster.topics().count("past") == 13);
        cluster.rest().delete("past");
    }

    @Test
    void backfillsWhoseEventsWereLostAreFoundByReconciling() {
        String id = object("lost", "lost");
        heedy.preload(id, 30, 2000, 1); // t = 2000 .. 2029
        cluster.deployProjectConnector("heedy-source.json", "lost", overrides("heedy.tags", "lost",
            "topic.template", "lost", "poll.interval.ms", "600000", "reconcile.window.seconds", "20",
            "reconcile.interval.ms", "1000"));
        cluster.consume("lost", 30);
        heedy.dropEvents(true); // the events of the next writes never arrive
        try {
            // wait for a reconcile pass to have learned the window, then back-fill behind the cursor
            await().atMost(Duration.ofSeconds(30)).until(() -> heedy.calls().stream()
                .filter(c -> c.path().endsWith(id + "/timeseries") && c.query() != null
                    && c.query().contains("t2=")).count() >= 2);
            heedy.insert(id, List.of(new Datapoint(2020.5, 0, DoubleNode.valueOf(-1)),
                new Datapoint(2025, 0, DoubleNode.valueOf(-25))));
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.topics().count("lost") >= 32);
        } finally {
            heedy.dropEvents(false);
        }
        List<ConsumerRecord<byte[], byte[]>> records = all(cluster, "lost");
        assertEquals(Set.of(2020.5, 2025.0), new HashSet<>(times(records.subList(30, records.size()))));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> cluster.topics().count("lost") == 32);
        cluster.rest().delete("lost");
    }

    @Test
    void aNewTimeseriesMatchingTheTagsFlowsWithoutARestart() {
        String first = object("d0", "discover");
        heedy.preload(first, 3, 10, 1);
        cluster.deployProjectConnector("heedy-source.json", "discover", overrides("heedy.tags", "discover", "topic.template",
            "discover.${name}", "discovery.interval.ms", "1000"));
        cluster.consume("discover.d0", 3);
        String second = object("d1", "discover other");
        heedy.preload(second, 4, 20, 1);
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("discover.d1", 4);
        assertExactly(heedy.data(second), records);
        cluster.rest().delete("discover");
    }

    @Test
    void threeTasksOverSixObjectsReadEachObjectWithExactlyOneTask() {
        List<String> ids = IntStream.range(0, 6).mapToObj(i -> object("six" + i, "six")).toList();
        ids.forEach(id -> heedy.preload(id, 50, 100, 1));
        cluster.deployProjectConnector("heedy-source.json", "six", overrides("heedy.tags", "six", "tasks.max", "3",
            "topic.template", "six"));
        cluster.awaitRunning("six", 3);
        JsonNode tasks = cluster.rest().get("connectors/six/tasks");
        List<String> assigned = new ArrayList<>();
        for (JsonNode task : tasks) {
            List<String> objects = TaskConfigs.decodeStreams(task.path("config")
                .path(SourceCommonConfig.TASK_STREAMS).asText());
            assertFalse(objects.isEmpty(), "every task gets objects: " + tasks);
            assigned.addAll(objects);
        }
        assertEquals(6, assigned.size());
        assertEquals(new HashSet<>(ids), new HashSet<>(assigned));
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("six", 300);
        Set<String> seen = new HashSet<>();
        records.forEach(r -> assertTrue(seen.add(HeedyEndToEnd.key(r) + "@" + TopicReader.payload(r).get("t"))));
        assertEquals(300, seen.size());
        cluster.rest().delete("six");
    }

    @Test
    void patchingOffsetsRewindsOneObject() {
        String id = object("rewind", "rewind");
        String other = object("rewind-other", "rewind");
        heedy.preload(id, 20, 1, 1); // t = 1 .. 20
        heedy.preload(other, 5, 1, 1);
        cluster.deployProjectConnector("heedy-source.json", "rewind", overrides("heedy.tags", "rewind", "topic.template",
            "rewind.${id}"));
        cluster.consume("rewind." + id, 20);
        cluster.consume("rewind." + other, 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.rest().offsets("rewind").size() == 2);
        Map<String, Object> partition = new java.util.LinkedHashMap<>(); // as a user would write it
        partition.put("platform", "heedy");
        partition.put("server", heedy.baseUrl());
        partition.put("stream", id);
        partition.put("v", 1);
        cluster.alterSourceOffset("rewind", partition, Map.of("t", 10));
        cluster.rest().resume("rewind");
        cluster.awaitRunning("rewind", 2);
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("rewind." + id, 30);
        assertEquals(IntStream.rangeClosed(11, 20).mapToObj(i -> (double) i).toList(),
            times(records.subList(20, 30)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
            .until(() -> cluster.topics().count("rewind." + other) == 5);
        cluster.rest().delete("rewind");
    }

    @Test
    void rateLimitsAndServerErrorsDuringABackfillLoseNothing() {
        String id = object("faulty", "faulty");
        heedy.preload(id, 3000, 5000, 1);
        String path = "/api/objects/" + id + "/timeseries";
        heedy.failNext(3, 429, "1", path);
        heedy.failNext(4, 503, null, path);
        cluster.deployProjectConnector("heedy-source.json", "faulty", overrides("heedy.tags", "faulty", "topic.template", "faulty",
            "batch.size", "200"));
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("faulty", 3000);
        assertExactly(heedy.data(id), records.subList(0, 3000));
        heedy.failNext(5, 503, null, path);
        heedy.insert(id, List.of(new Datapoint(9000, 0, DoubleNode.valueOf(1))));
        cluster.consume("faulty", 3001);
        ConnectRestClient.ConnectorState state = cluster.awaitRunning("faulty", 1);
        assertTrue(state.runningWith(1));
        assertEquals(3001, cluster.topics().count("faulty"));
        cluster.rest().delete("faulty");
    }

    @Test
    void aWorkerStoppedMidBackfillAndRestartedLosesNothing() {
        String id = object("restart", "restart");
        heedy.preload(id, 6000, 1, 1);
        heedy.delayNext(1000, Duration.ofMillis(40), "/api/objects/" + id + "/timeseries");
        cluster.deployProjectConnector("heedy-source.json", "restart", overrides("heedy.tags", "restart", "topic.template", "restart",
            "batch.size", "100"));
        cluster.consume("restart", 1500);
        cluster.removeWorker();
        cluster.addWorker();
        heedy.clearFaults();
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.topics().count("restart") >= 6000);
        List<ConsumerRecord<byte[], byte[]>> records = all(cluster, "restart");
        Set<Double> distinct = new HashSet<>(times(records));
        assertEquals(6000, distinct.size(), "every point arrived");
        System.out.printf("heedy worker restart mid-backfill (at least once): %d records for 6000 points%n",
            records.size());
        cluster.rest().delete("restart");
    }

    @Test
    void validateReportsAWrongTokenOnTheTokenFieldAndAnUnreachableServerOnTheUrlField() {
        ConnectRestClient.ConfigValidation badToken = cluster.rest().validate(CLASS,
            overrides("name", "v1", "heedy.url", heedy.baseUrl(), "heedy.token", "not-a-token"));
        assertFalse(badToken.errorsFor("heedy.token").isEmpty(), badToken.toString());
        assertTrue(badToken.errorsFor("heedy.url").isEmpty(), badToken.toString());

        ConnectRestClient.ConfigValidation unreachable = cluster.rest().validate(CLASS,
            overrides("name", "v2", "heedy.url", "http://127.0.0.1:1", "heedy.token", token));
        assertFalse(unreachable.errorsFor("heedy.url").isEmpty(), unreachable.toString());
        assertTrue(unreachable.errorsFor("heedy.token").isEmpty(), unreachable.toString());

        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS,
            overrides("name", "v3", "heedy.url", heedy.baseUrl(), "heedy.token", token, "start.position", "now-1d"));
        assertEquals(0, good.errorCount(), good.toString());

        ConnectRestClient.ConfigValidation badStart = cluster.rest().validate(CLASS,
            overrides("name", "v4", "heedy.url", heedy.baseUrl(), "heedy.token", token, "start.position", "yesterday"));
        assertFalse(badStart.errorsFor("start.position").isEmpty(), badStart.toString());
    }
}
