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
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flowthings source in a real Kafka broker and Connect worker, deployed from connectors/flowthings-source.json. */
class FlowthingsSourceEndToEndTest {

    private static final String CLASS = FlowthingsSourceConnector.class.getName();
    private static final String ACCOUNT = "alice";
    private static final String TOKEN = "alice-token";
    private static FlowthingsSimulator sim;
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount(ACCOUNT, TOKEN);
        cluster = ConnectCluster.builder("flowthings-source").env("FLOWTHINGS_URL", sim.apiUrl())
            .env("FLOWTHINGS_WS_URL", sim.wsUrl()).env("FLOWTHINGS_ACCOUNT", ACCOUNT).env("FLOWTHINGS_TOKEN", TOKEN)
            .env("FLOWTHINGS_PATH_PREFIX", "/alice/none").start();
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

    static List<String> ids(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ids.add(TopicReader.payload(r).get("id").asText());
        }
        return ids;
    }

    static List<ConsumerRecord<byte[], byte[]>> all(String topic) {
        int n = (int) cluster.topics().count(topic);
        return n == 0 ? List.of() : cluster.consume(topic, n);
    }

    /** Every drop ever created in the flow is in the topic exactly once, and nothing else comes. */
    private static void assertExactlyOnce(String flow, String topic) {
        int expected = sim.created(flow).size();
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.topics().count(topic) >= expected);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
            .until(() -> cluster.topics().count(topic) == expected);
        List<String> ids = ids(all(topic));
        assertEquals(expected, new HashSet<>(ids).size(), "no drop twice");
        assertEquals(new HashSet<>(sim.created(flow)), new HashSet<>(ids), "no drop lost");
    }

    @Test
    void aDropCreatedWhileRunningIsInKafkaAtOnceWithATenMinutePollInterval() {
        String flow = sim.createFlow(ACCOUNT, "/alice/live/temp");
        sim.preloadSpaced(flow, 5, 1_600_000_000_000L);
        sim.setIdleTimeout(2_500); // the server drops a socket that stays silent; the heartbeat keeps it
        try {
            live(flow);
        } finally {
            sim.setIdleTimeout(0);
            cluster.rest().delete("live");
        }
    }

    private void live(String flow) {
        cluster.deployProjectConnector("flowthings-source.json", "live", overrides("flowthings.path.prefix",
            "/alice/live", "topic.template", "live", "poll.interval.ms", "600000",
            "websocket.heartbeat.interval.ms", "1000"));
        cluster.consume("live", 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.subscriptions(flow) > 0);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            sim.insert(flow, FlowthingsClient.JSON.createObjectNode().put("temp", 20 + i));
            int expected = 6 + i;
            // REST reads only every 10 minutes: only the push can deliver this in time
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(30))
                .until(() -> cluster.topics().count("live") >= expected);
            latencies.add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("flowthings push latency (insert to record in Kafka), ms: " + latencies);
        long sessions = sim.sessionsCreated();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
            .until(() -> sim.sessionsCreated() == sessions && sim.subscriptions(flow) == 1);
        assertExactlyOnce(flow, "live");
        ConsumerRecord<byte[], byte[]> last = all("live").get(14);
        JsonNode value = TopicReader.payload(last);
        assertEquals(flow, value.get("flowId").asText());
        assertEquals("/alice/live/temp", value.get("path").asText());
        assertEquals(29, readInt(value.get("elems").asText(), "temp"), "elems as JSON text (no schema)");
        assertEquals(value.get("creationDate").asLong(), last.timestamp());
        Map<String, String> headers = TopicReader.headers(last);
        assertEquals("flowthings", headers.get("datapoint.platform"));
        assertEquals(flow, headers.get("datapoint.stream"));
        assertEquals("/alice/live/temp", headers.get("datapoint.name"));
    }

    private static int readInt(String json, String field) {
        try {
            return FlowthingsClient.JSON.readTree(json).get(field).asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void websocketCutRepeatedlyWhileDropsKeepComingLosesAndRepeatsNothing() throws Exception {
        String flow = sim.createFlow(ACCOUNT, "/alice/cuts/a");
        sim.setVisibilityDelay(300); // REST sees a drop 300 ms after the push went out
        try {
            cluster.deployProjectConnector("flowthings-source.json", "cuts", overrides("flowthings.path.prefix",
                "/alice/cuts", "topic.template", "cuts", "poll.interval.ms", "600000", "catchup.lag.ms", "1000"));
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.subscriptions(flow) > 0);
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                int n = 0;
                while (writing.get()) {
                    sim.insert(flow, FlowthingsClient.JSON.createObjectNode().put("n", n++));
                    try {
                        Thread.sleep(15);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            writer.start();
            long sessionsBefore = sim.sessionsCreated();
            for (int cut = 0; cut < 5; cut++) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sim.subscriptions(flow) > 0);
                Thread.sleep(300); // some pushes on this connection, then the cut
                sim.dropWebsockets();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sim.subscriptions(flow) > 0);
            Thread.sleep(300);
            writing.set(false);
            writer.join();
            assertTrue(sim.sessionsCreated() >= sessionsBefore + 5, "each reconnect creates a new session");
            System.out.println("flowthings websocket cuts: " + sim.created(flow).size() + " drops, 5 cuts, "
                + (sim.sessionsCreated() - sessionsBefore) + " new sessions");
            assertExactlyOnce(flow, "cuts");
        } finally {
            sim.setVisibilityDelay(0);
            cluster.rest().delete("cuts");
        }
    }

    @Test
    void threeHundredDropsSharingOneMillisecondAcrossPageBoundariesAreDeliveredOnceEach() {
        String flow = sim.createFlow(ACCOUNT, "/alice/same/ms");
        sim.preloadSpaced(flow, 10, 1_500_000_000_000L);
        sim.preload(flow, 300, 1_500_000_001_000L);
        sim.preloadSpaced(flow, 10, 1_500_000_002_000L);
        cluster.deployProjectConnector("flowthings-source.json", "samems", overrides("flowthings.paths",
            "/alice/same/ms", "flowthings.path.prefix", "", "topic.template", "samems", "page.size", "70",
            "batch.size", "70", "websocket.enabled", "false"));
        assertExactlyOnce(flow, "samems");
        cluster.rest().delete("samems");
    }

    @Test
    void aBackfillOfFiveThousandDropsIsDeliveredOnceInOrder() {
        String flow = sim.createFlow(ACCOUNT, "/alice/backfill/b", 100_000);
        sim.preloadSpaced(flow, 5000, 1_550_000_000_000L);
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("flowthings-source.json", "backfill", overrides("flowthings.path.prefix",
            "/alice/backfill", "topic.template", "backfill", "page.size", "500", "batch.size", "500"));
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("backfill", 5000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("flowthings catch-up: 5000 drops in %.2f s from deployment (%.0f drops/s)%n", seconds,
            5000 / seconds);
        assertEquals(sim.created(flow), ids(records), "every drop once, in creationDate order");
        assertEquals("-1", topicConfig("backfill", "retention.ms"));
        cluster.rest().delete("backfill");
    }

    @Test
    void capacityEvictionDuringABackfillIsReportedAndNothingAfterTheGapIsLost() throws Exception {
        String flow = sim.createFlow(ACCOUNT, "/alice/evict/e", 300);
        sim.preloadSpaced(flow, 300, 1_560_000_000_000L);
        sim.delayNext("GET", "/drop/" + flow, 1000, 150); // a slow backfill
        cluster.deployProjectConnector("flowthings-source.json", "evict", overrides("flowthings.path.prefix",
            "/alice/evict", "topic.template", "evict", "page.size", "20", "batch.size", "20",
            "websocket.enabled", "false", "poll.interval.ms", "1000"));
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.topics().count("evict") >= 40);
        // 200 newer drops evict the 200 oldest, most of them unread
        sim.preloadSpaced(flow, 200, 1_570_000_000_000L);
        sim.clearFaults();
        Set<String> stored = new HashSet<>();
        sim.drops(flow).forEach(d -> stored.add(d.get("id").asText()));
        await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(ids(all("evict"))).containsAll(stored));
        List<String> ids = ids(all("evict"));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "nothing twice");
        assertTrue(ids.size() < 500, "evicted drops cannot be read: " + ids.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> gaps(flow) >= 1);
        cluster.rest().delete("evict");
    }

    /** The gaps-total metric of a flow, read from the worker's JMX plugin metrics. */
    private static long gaps(String flowId) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        for (ObjectName name : server.queryNames(null, null)) {
            if (!name.toString().contains(flowId)) {
                continue;
            }
            for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                if (a.getName().equals("gaps-total")) {
                    Object v = server.getAttribute(name, a.getName());
                    total += v instanceof Number n ? n.longValue() : 0;
                }
            }
        }
        return total;
    }

    @Test
    void aNewFlowBelowThePrefixFlowsWithoutARestart() {
        String first = sim.createFlow(ACCOUNT, "/alice/disc/d0");
        sim.preloadSpaced(first, 3, 1_580_000_000_000L);
        cluster.deployProjectConnector("flowthings-source.json", "disc", overrides("flowthings.path.prefix",
            "/alice/disc", "topic.template", "disc.${name}", "discovery.interval.ms", "1000"));
        try {
            cluster.consume("disc.d0", 3);
            String second = sim.createFlow(ACCOUNT, "/alice/disc/d1");
            sim.preloadSpaced(second, 4, 1_580_000_001_000L);
            assertEquals(sim.created(second), ids(cluster.consume("disc.d1", 4)));
        } finally {
            cluster.rest().delete("disc");
        }
    }

    @Test
    void validateReportsABadTokenOnTheTokenFieldAndAnUnknownPathOnThePathField() {
        sim.createFlow(ACCOUNT, "/alice/known/k");
        ConnectRestClient.ConfigValidation badToken = cluster.rest().validate(CLASS, overrides("name", "v1",
            "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", "wrong",
            "flowthings.paths", "/alice/known/k"));
        assertFalse(badToken.errorsFor("flowthings.token").isEmpty(), badToken.toString());
        ConnectRestClient.ConfigValidation unknown = cluster.rest().validate(CLASS, overrides("name", "v2",
            "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", TOKEN,
            "flowthings.paths", "/alice/known/k,/alice/nowhere"));
        assertEquals(List.of(), unknown.errorsFor("flowthings.token"), unknown.toString());
        assertTrue(unknown.errorsFor("flowthings.paths").stream().anyMatch(m -> m.contains("/alice/nowhere")),
            unknown.toString());
        ConnectRestClient.ConfigValidation good = cluster.rest().validate(CLASS, overrides("name", "v3",
            "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", TOKEN,
            "flowthings.paths", "/alice/known/k"));
        assertEquals(0, good.errorCount(), good.toString());
        ConnectRestClient.ConfigValidation none = cluster.rest().validate(CLASS, overrides("name", "v4",
            "flowthings.url", sim.apiUrl(), "flowthings.account", ACCOUNT, "flowthings.token", TOKEN));
        assertFalse(none.errorsFor("flowthings.flows").isEmpty(), none.toString());
    }

    private static String topicConfig(String topic, String key) {
        try (org.apache.kafka.clients.admin.Admin admin = cluster.embedded().kafka().createAdminClient()) {
            org.apache.kafka.common.config.ConfigResource resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
