package io.datapoint.connect.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crashes: the worker, in its own JVM with exactly-once source support on, is killed with SIGKILL in the middle of a
 * source's backfill or a sink's writes, then started again. Every platform with a {@link PlatformFixture}: the source
 * delivers every datapoint exactly once, in order; the sink stores every record exactly once. Then, with exactly-once
 * support turned off, a source killed mid-backfill still delivers every datapoint (some twice).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashIT {

    private static final int POINTS = 1_500;
    private static final int KILL_AFTER = 150;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private static final List<PlatformFixture> fixtures = new ArrayList<>();
    private static final List<String> report = new ArrayList<>();
    private static KafkaProcesses kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static boolean exactlyOnceOff;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (PlatformFixture fixture : PlatformFixtures.discover()) {
            fixture.start();
            fixtures.add(fixture);
            env.putAll(fixture.env());
        }
        kafka = KafkaProcesses.builder(ProjectPaths.targetDir().resolve("it-crash"))
            .pluginArchive(ProjectPaths.pluginArchive()).env(env)
            // one worker: hand the killed worker's connectors to its successor at once instead of waiting up to
            // 5 minutes for the old member to come back
            .workerProp("scheduled.rebalance.max.delay.ms", "0")
            // a killed task leaves its transaction open; the restarted worker reads offsets only once the broker
            // aborted it, after this timeout (60 s by default)
            .workerProp("producer.transaction.timeout.ms", "10000").start();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        System.out.println("[measure] crash (connector: records before the SIGKILL, records checked, lost, duplicated)");
        report.forEach(line -> System.out.println("[measure]   " + line));
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        fixtures.forEach(PlatformFixture::close);
    }

    static Stream<PlatformFixture> platforms() {
        return fixtures.stream();
    }

    private static void deploy(String json, String name, Map<String, String> overrides) {
        kafka.rest().deploy(ConnectorJson.load(ProjectPaths.connectorsDir().resolve(json)).named(name)
            .with(overrides));
        kafka.rest().awaitRunning(name, TIMEOUT);
    }

    private static void crash() {
        kafka.killWorker();
        kafka.restartWorker();
    }

    /** The source's datapoints, written to the platform before the connector starts. */
    private static List<String> backfill(PlatformFixture platform, String stream) {
        double[] t = new double[POINTS];
        double[] v = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            t[i] = 1_600_000_000 + i;
            v[i] = i * 3 + 1;
        }
        platform.append(stream, t, v);
        return platform.stored(stream);
    }

    private static void deploySource(PlatformFixture platform, String name, String stream, String topic) {
        Map<String, String> overrides = new LinkedHashMap<>(platform.sourceOverrides(stream, topic));
        overrides.put("batch.size", "50"); // small reads, so the kill lands mid-backfill
        deploy(platform.sourceJson(), name, overrides);
    }

    @ParameterizedTest(name = "{0} source", autoCloseArguments = false)
    @MethodSource("platforms")
    @Order(1)
    void aSourceKilledMidBackfillDeliversEveryDatapointOnce(PlatformFixture platform) {
        String name = platform.name() + "-crash-source";
        String topic = name + ".points";
        String stream = platform.createStream("crashsrc");
        List<String> expected = backfill(platform, stream);
        deploySource(platform, name, stream, topic);
        int before = await(name + " has started the backfill").atMost(TIMEOUT)
            .until(() -> kafka.topics().committedNow(topic).size(), n -> n >= KILL_AFTER);
        crash();
        await(name + " completes after the restart").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
            .until(() -> kafka.topics().committedNow(topic).size() >= expected.size());
        await(name + " delivers nothing more").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
            .until(() -> kafka.topics().committedNow(topic).size() == expected.size());
        List<String> delivered = kafka.topics().committedNow(topic).stream().map(platform::point).toList();
        record(name, before, expected, delivered);
        assertEquals(expected, delivered, name);
        kafka.rest().delete(name);
    }

    /**
     * Last, since it turns exactly-once source support off for the worker: a source killed mid-backfill then
     * delivers at least once, and loses nothing.
     */
    @ParameterizedTest(name = "{0} source without exactly-once", autoCloseArguments = false)
    @MethodSource("platforms")
    @Order(3)
    void withoutExactlyOnceASourceKilledMidBackfillLosesNothing(PlatformFixture platform) {
        String name = platform.name() + "-crash-alo-source";
        String topic = name + ".points";
        String stream = platform.createStream("crashalo");
        List<String> expected = backfill(platform, stream);
        if (!exactlyOnceOff) {
            kafka.killWorker();
            kafka.restartWorker(Map.of("exactly.once.source.support", "disabled"));
            exactlyOnceOff = true;
        }
        deploySource(platform, name, stream, topic);
        int before = await(name + " has started the backfill").atMost(TIMEOUT)
            .until(() -> kafka.topics().readToEnd(topic, false).size(), n -> n >= KILL_AFTER);
        crash();
        await(name + " delivers every datapoint after the restart").atMost(TIMEOUT)
            .pollInterval(Duration.ofSeconds(1)).until(() -> new java.util.HashSet<>(delivered(platform, topic))
                .containsAll(expected));
        List<String> delivered = delivered(platform, topic);
        record(name, before, expected, delivered);
        // at least once: every datapoint, in order after its first delivery; repeats only of what came before the kill
        assertEquals(expected, delivered.stream().distinct().toList(), name);
        kafka.rest().delete(name);
    }

    private static List<String> delivered(PlatformFixture platform, String topic) {
        return kafka.topics().readToEnd(topic, false).stream().map(platform::point).toList();
    }

    @ParameterizedTest(name = "{0} sink", autoCloseArguments = false)
    @MethodSource("platforms")
    @Order(2)
    void aSinkKilledMidWriteStoresEveryRecordOnce(PlatformFixture platform) {
        String name = platform.name() + "-crash-sink";
        String topic = name + ".in";
        String stream = platform.createStream("crashsink");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            double t = 1_600_000_000 + i;
            double v = i * 3 + 1;
            producer.send(new ProducerRecord<>(topic, platform.sinkValue(t, v)));
            sent.add(t + "=" + v);
        }
        producer.flush();
        Map<String, String> overrides = new LinkedHashMap<>(platform.sinkOverrides(stream, topic));
        overrides.put("batch.max.records", "50"); // small writes, so the kill lands mid-way
        // the killed task's consumer leaves the group after this, not the default 45 s
        overrides.put("consumer.override.session.timeout.ms", "6000");
        overrides.put("consumer.override.heartbeat.interval.ms", "2000");
        deploy(platform.sinkJson(), name, overrides);
        int before = await(name + " has started writing").atMost(TIMEOUT)
            .until(() -> platform.stored(stream).size(), n -> n >= KILL_AFTER);
        crash();
        await(name + " completes after the restart").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
            .until(() -> platform.stored(stream).size() >= sent.size());
        await(name + " writes nothing more").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
            .until(() -> platform.stored(stream).size() == sent.size());
        List<String> stored = platform.stored(stream);
        record(name, before, sent, stored);
        assertEquals(sent.stream().sorted().toList(), stored.stream().sorted().toList(), name);
        kafka.rest().delete(name);
    }

    private static void record(String name, int before, List<String> expected, List<String> got) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        long duplicated = got.stream().filter(p -> !seen.add(p)).count();
        long lost = expected.stream().filter(p -> !seen.contains(p)).count();
        synchronized (report) {
            report.add(String.format("%-26s killed after %d, checked %d, lost %d, duplicated %d", name, before,
                got.size(), lost, duplicated));
        }
    }
}
