package io.datapoint.connect.flowthings;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datapoint.connect.flowthings.sim.FlowthingsSimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flowthings source on workers with exactly-once source support: a restart mid-catch-up repeats nothing. */
class FlowthingsExactlyOnceEndToEndTest {

    private static FlowthingsSimulator sim;
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount("carol", "carol-token");
        cluster = ConnectCluster.builder("flowthings-eos").exactlyOnce(true).env("FLOWTHINGS_URL", sim.apiUrl())
            .env("FLOWTHINGS_WS_URL", sim.wsUrl()).env("FLOWTHINGS_ACCOUNT", "carol")
            .env("FLOWTHINGS_TOKEN", "carol-token").env("FLOWTHINGS_PATH_PREFIX", "/carol/eos").start();
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

    private static List<String> ids(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ids.add(TopicReader.payload(r).get("id").asText()));
        return ids;
    }

    @Test
    void aWorkerStoppedMidCatchUpAndRestartedDeliversEveryDropExactlyOnceThenPushesCommitFast() {
        String flow = sim.createFlow("carol", "/carol/eos/a", 100_000);
        sim.preloadSpaced(flow, 1500, 1_650_000_000_000L);
        sim.preload(flow, 250, 1_650_000_002_000L); // one millisecond spanning pages
        sim.preloadSpaced(flow, 1500, 1_650_000_003_000L);
        sim.delayNext("GET", "/drop/" + flow, 1000, 40);
        cluster.deployProjectConnector("flowthings-source.json", "eos", overrides("topic.template", "eos",
            "page.size", "100", "batch.size", "100", "exactly.once.support", "required",
            "poll.interval.ms", "600000"));
        cluster.consumeCommitted("eos", 800);
        cluster.removeWorker();
        cluster.addWorker();
        sim.clearFaults();
        int total = sim.created(flow).size();
        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.topics().count("eos") >= total);
        List<ConsumerRecord<byte[], byte[]>> committed = cluster.consumeCommitted("eos", total);
        assertEquals(sim.created(flow), ids(committed), "every drop exactly once, in creationDate order");
        // live drops after the catch-up: insert to committed record (transactions included)
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.subscriptions(flow) > 0);
        List<Long> latencies = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("eos", 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                sim.insert(flow, FlowthingsClient.JSON.createObjectNode().put("i", i));
                int got = 0;
                while (got == 0 && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
                    got = consumer.poll(Duration.ofMillis(5)).count();
                }
                assertEquals(1, got, "the pushed drop, committed");
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        System.out.println("flowthings push latency with exactly-once (insert to committed record), ms: "
            + latencies);
        List<ConsumerRecord<byte[], byte[]>> after = cluster.consumeCommitted("eos", total + 5);
        assertEquals(sim.created(flow), ids(after));
    }
}
