package io.datapoint.connect.testkit.bench;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.PlatformFixture;
import io.datapoint.connect.testkit.PlatformFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every platform's source backfill and sink write rate next to the ceiling the same worker reaches in the same run:
 * a source emitting pre-built records of exactly the shape the platform source just emitted
 * ({@link CeilingSourceConnector}, same schemas, key, headers, batch size, one task each), and a sink that does
 * nothing ({@link NoOpSinkConnector}) reading the very records the platform sink wrote. Each ceiling runs twice
 * (the sink's before and after the platform sink) and counts as the mean of the two. Prints
 * {@code RATIO <connector> <measured>/<ceiling> = <x.xx>}. {@code -Dbench.points=N} sets the datapoints per run
 * (default 100,000); a run that has not finished 60 s after its first record is measured over those 60 s.
 */
class ThroughputBenchmark {

    private static final int POINTS = Integer.getInteger("bench.points", 100_000);
    private static final Duration CAP = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final double T0 = 1_600_000_000;
    private static final int TEMPLATES = 1_000;

    private static List<PlatformFixture> fixtures;
    private static ConnectCluster cluster;
    private static EndOffsets offsets;

    @BeforeAll
    static void start() throws Exception {
        fixtures = PlatformFixtures.discover();
        Map<String, String> env = new HashMap<>();
        for (PlatformFixture fixture : fixtures) {
            fixture.start();
            env.putAll(fixture.env());
        }
        cluster = ConnectCluster.builder("throughput-bench").env(env).start();
        offsets = new EndOffsets(cluster.bootstrapServers());
        warmUp();
    }

    @AfterAll
    static void stop() {
        if (offsets != null) {
            offsets.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        fixtures.forEach(PlatformFixture::close);
    }

    @Test
    void sourcesAgainstCeiling() {
        for (PlatformFixture fixture : fixtures) {
            String name = fixture.name() + "-source";
            String stream = fixture.createStream("bench-source");
            preload(fixture, stream, POINTS);
            String topic = "bench." + name;
            Map<String, String> config = new HashMap<>(fixture.sourceOverrides(stream, topic));
            config.put("tasks.max", "1");
            cluster.deployProjectConnector(fixture.sourceJson(), name, config);
            RateProbe.Rate measured = RateProbe.measure(() -> offsets.count(topic), POINTS, CAP, START_TIMEOUT);
            int batchSize = cluster.rest().get("/connectors/" + name + "/config").path("batch.size").asInt(1_000);
            capture(name, topic);
            cluster.rest().delete(name);

            // twice, so that one slow moment of a shared machine does not make the ceiling
            RateProbe.Rate ceiling = RateProbe.Rate.mean(ceiling(name, batchSize, 1), ceiling(name, batchSize, 2));
            report(name, measured, ceiling);
        }
    }

    @Test
    void sinksAgainstNoOpSink() {
        for (PlatformFixture fixture : fixtures) {
            String name = fixture.name() + "-sink";
            String stream = fixture.createStream("bench-sink");
            String topic = "bench." + name;
            produce(fixture, topic, POINTS);
            // the no-op sink reads the same records before and after the platform sink does
            RateProbe.Rate before = noOpSink(name + "-noop-1", topic);
            Map<String, String> config = new HashMap<>(fixture.sinkOverrides(stream, topic));
            config.put("tasks.max", "1");
            cluster.deployProjectConnector(fixture.sinkJson(), name, config);
            RateProbe.Rate measured = RateProbe.measure(() -> fixture.storedCount(stream), POINTS, CAP,
                START_TIMEOUT);
            cluster.rest().delete(name);
            report(name, measured, RateProbe.Rate.mean(before, noOpSink(name + "-noop-2", topic)));
        }
    }

    /** Runs each ceiling once on throwaway records, so that neither side of the first ratio pays for JIT warm-up. */
    private static void warmUp() {
        PlatformFixture first = fixtures.get(0);
        String stream = first.createStream("bench-warmup");
        preload(first, stream, 20_000);
        String name = "warmup-source";
        cluster.deployProjectConnector(first.sourceJson(), name, first.sourceOverrides(stream, "bench.warmup"));
        RateProbe.measure(() -> offsets.count("bench.warmup"), 20_000, CAP, START_TIMEOUT);
        capture(name, "bench.warmup");
        cluster.rest().delete(name);
        ceiling(name, 1_000, 0);
    }

    private static RateProbe.Rate noOpSink(String name, String topic) {
        cluster.rest().putConnectorConfig(name, Map.of("connector.class", NoOpSinkConnector.class.getName(),
            "tasks.max", "1", "topics", topic));
        RateProbe.Rate rate = RateProbe.measure(() -> NoOpSinkConnector.count(name), POINTS, CAP, START_TIMEOUT);
        cluster.rest().delete(name);
        return rate;
    }

    private static RateProbe.Rate ceiling(String templates, int batchSize, int run) {
        String name = templates + "-ceiling-" + run;
        String topic = "bench." + name;
        cluster.rest().putConnectorConfig(name, overrides("connector.class", CeilingSourceConnector.class.getName(),
            "tasks.max", "1", CeilingSourceConnector.TEMPLATES, templates, CeilingSourceConnector.TOPIC, topic,
            CeilingSourceConnector.COUNT, Integer.toString(POINTS), CeilingSourceConnector.BATCH_SIZE,
            Integer.toString(batchSize)));
        RateProbe.Rate rate = RateProbe.measure(() -> offsets.count(topic), POINTS, CAP, START_TIMEOUT);
        cluster.rest().delete(name);
        return rate;
    }

    /** Keeps the first records the connector wrote, with the source partition and offset it committed last. */
    private static void capture(String connector, String topic) {
        JsonNode committed = cluster.rest().offsets(connector).path("offsets").path(0);
        Map<String, Object> partition = map(committed.path("partition"));
        Map<String, Object> offset = map(committed.path("offset"));
        RecordTemplates.capture(connector, cluster.topics().read(topic, TEMPLATES, Duration.ofSeconds(30))
            .subList(0, TEMPLATES), partition, offset);
    }

    private static Map<String, Object> map(JsonNode node) {
        Map<String, Object> map = new HashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue()
            : e.getValue().asText()));
        return map;
    }

    private static void preload(PlatformFixture fixture, String stream, int count) {
        int chunk = 10_000;
        for (int from = 0; from < count; from += chunk) {
            int n = Math.min(chunk, count - from);
            double[] t = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = T0 + from + i;
                v[i] = from + i;
            }
            fixture.append(stream, t, v);
        }
    }

    private static void produce(PlatformFixture fixture, String topic, int count) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, "20"),
            new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, fixture.sinkValue(T0 + i, i)));
            }
        }
    }

    private static void report(String connector, RateProbe.Rate measured, RateProbe.Rate ceiling) {
        List<String> notes = new ArrayList<>();
        if (!measured.complete()) {
            notes.add("measured over " + Math.round(measured.seconds()) + " s, " + measured.count() + " of " + POINTS);
        }
        if (!ceiling.complete()) {
            notes.add("ceiling over " + Math.round(ceiling.seconds()) + " s");
        }
        BenchmarkReport.line("RATIO %s %.0f/%.0f = %.2f%s", connector, measured.perSecond(), ceiling.perSecond(),
            measured.perSecond() / ceiling.perSecond(), notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }
}
