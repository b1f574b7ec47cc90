package io.datapoint.connect.heedy;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;

import io.datapoint.connect.heedy.sim.HeedySimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.bench.BenchmarkReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the heedy connectors through an embedded broker and worker ({@code ./mvnw -Pbenchmark verify}).
 * Prints numbers; asserts only that everything arrived.
 */
class HeedyThroughputBenchmark {

    private static final int OBJECTS = 4;
    private static final int POINTS_PER_OBJECT = 50_000;
    private static HeedySimulator heedy;
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        heedy = HeedySimulator.start();
        String token = heedy.createApp("bench", false);
        cluster = ConnectCluster.builder("heedy-bench").env("HEEDY_URL", heedy.baseUrl()).env("HEEDY_TOKEN", token)
            .start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
        heedy.close();
    }

    @Test
    void sourceBackfill() {
        for (int i = 0; i < OBJECTS; i++) {
            String id = heedy.createTimeseries("bench", null, "b" + i, null, "bench",
                HeedyClient.JSON.createObjectNode().put("type", "number"));
            heedy.preload(id, POINTS_PER_OBJECT, 1_600_000_000, 1);
        }
        long total = (long) OBJECTS * POINTS_PER_OBJECT;
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("heedy-source.json", "bench-source", overrides("heedy.tags", "bench", "topic.template", "bench",
            "tasks.max", "2", "batch.size", "5000", "buffer.max.records", "20000"));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> cluster.topics().count("bench") >= total);
        double seconds = (System.nanoTime() - t0) / 1e9;
        BenchmarkReport.line("RATE heedy-source backfill: %d datapoints in %.2f s = %.0f datapoints/s", total,
            seconds, total / seconds);
        cluster.rest().delete("bench-source");
    }

    @Test
    void sinkWrite() {
        String id = heedy.createTimeseries("bench", null, "sink", null, null,
            HeedyClient.JSON.createObjectNode().put("type", "number"));
        int total = 100_000;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            for (int k = 0; k < total; k++) {
                String json = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"t\",\"type\":\"double\"},"
                    + "{\"field\":\"d\",\"type\":\"double\"}]},\"payload\":{\"t\":" + (1_600_000_000 + k)
                    + ",\"d\":" + k + "}}";
                producer.send(new ProducerRecord<>("bench-sink", json.getBytes(StandardCharsets.UTF_8)));
            }
        }
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("heedy-sink.json", "bench-sink", overrides("topics", "bench-sink", "heedy.key", "",
            "heedy.object", id, "batch.max.records", "5000", "batch.linger.ms", "50"));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> heedy.length(id) >= total);
        double seconds = (System.nanoTime() - t0) / 1e9;
        BenchmarkReport.line("RATE heedy-sink: %d records in %.2f s = %.0f records/s", total, seconds,
            total / seconds);
        cluster.rest().delete("bench-sink");
    }
}
