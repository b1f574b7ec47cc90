package io.datapoint.connect.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reliability promise, proved the same way for every platform with a {@link PlatformFixture}: a source (with
 * exactly-once on) and a sink run through one phase per fault the platform's simulator can inject; in each phase
 * the fault is armed, new datapoints arrive, and the test waits until the fault was hit and the data is through.
 * Sources: every datapoint in Kafka once, none missing. Sinks: every record stored once, none missing, and nothing in
 * the dead-letter queue (every fault here is transient). Connector and tasks stay RUNNING throughout.
 */
class FaultMatrixEndToEndTest {

    private static final int TIMES = 3;
    private static final int PER_PHASE = 20;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);

    private static final List<PlatformFixture> fixtures = new ArrayList<>();
    private static ConnectCluster cluster;
    private static KafkaProducer<byte[], byte[]> producer;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (PlatformFixture fixture : PlatformFixtures.discover()) {
            fixture.start();
            fixtures.add(fixture);
            env.putAll(fixture.env());
        }
        cluster = ConnectCluster.builder("fault-matrix").exactlyOnce(true).env(env).start();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        System.out.println("[measure] fault matrix (connector, fault: faults injected, records checked, lost,"
            + " duplicated)");
        report.forEach(line -> System.out.println("[measure]   " + line));
        if (producer != null) {
            producer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        fixtures.forEach(PlatformFixture::close);
    }

    static Stream<PlatformFixture> platforms() {
        return fixtures.stream();
    }

    /** Settings that keep each phase short: a 1 s read timeout (the READ_TIMEOUT fault waits 1.5 s), quick retries. */
    private static Map<String, String> quick(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put("http.timeout.read.ms", "1000");
        all.put("http.retry.backoff.ms", "50");
        all.put("http.retry.backoff.max.ms", "500");
        all.put("http.retry.after.max.ms", "2000");
        return all;
    }

    @ParameterizedTest(name = "{0} source", autoCloseArguments = false)
    @MethodSource("platforms")
    void sourceLosesNothingAndRepeatsNothingUnderEveryFault(PlatformFixture platform) {
        String name = platform.name() + "-matrix-source";
        String stream = platform.createStream("matrixsrc");
        String topic = name + ".points";
        Map<String, String> overrides = quick(platform.sourceOverrides(stream, topic));
        overrides.put("poll.interval.ms", "1000");
        cluster.deployProjectConnector(platform.sourceJson(), name, overrides);
        cluster.awaitRunning(name, 1);
        Series series = new Series(1_700_000_000);
        platform.append(stream, series.next(PER_PHASE), series.values());
        awaitSourceExact(platform, name, stream, topic, "none");
        for (Fault fault : platform.faults()) {
            platform.inject(fault, TIMES);
            platform.append(stream, series.next(PER_PHASE), series.values());
            awaitSourceExact(platform, name, stream, topic, fault.name());
        }
        cluster.rest().delete(name);
    }

    private void awaitSourceExact(PlatformFixture platform, String name, String stream, String topic, String fault) {
        List<String> expected = platform.stored(stream);
        await(name + " under " + fault).atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(500))
            .until(() -> platform.pendingFaults() == 0 && delivered(platform, topic).size() >= expected.size());
        await(name + " delivers nothing more under " + fault).during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(20)).until(() -> delivered(platform, topic).size() == expected.size());
        List<String> delivered = delivered(platform, topic);
        record(name, fault, fault.equals("none") ? 0 : TIMES, expected, delivered);
        assertEquals(expected, delivered, name + " under " + fault);
        assertRunning(name);
    }

    private static List<String> delivered(PlatformFixture platform, String topic) {
        return cluster.committedNow(topic).stream().map(platform::point).toList();
    }

    /**
     * A new user's first step, {@code POST /connectors}, runs {@code validate()}: one 503, or one reset connection,
     * from a healthy server must not refuse a good config.
     */
    @ParameterizedTest(name = "{0} validate", autoCloseArguments = false)
    @MethodSource("platforms")
    void validationTriesOneTransientFailureAgain(PlatformFixture platform) {
        String stream = platform.createStream("matrixvalidate");
        for (String json : List.of(platform.sourceJson(), platform.sinkJson())) {
            ConnectorJson connector = ConnectorJson.load(ProjectPaths.connectorsDir().resolve(json));
            Map<String, String> overrides = json.equals(platform.sourceJson())
                ? platform.sourceOverrides(stream, "matrix-validate") : platform.sinkOverrides(stream, "matrix-validate");
            for (Fault fault : List.of(Fault.SERVER_ERRORS, Fault.CONNECTION_RESET)) {
                platform.inject(fault, 1);
                ConnectRestClient.ConfigValidation validation = cluster.validate(connector.with(overrides));
                assertEquals(0, validation.errorCount(), json + " after one " + fault + ": " + validation.errors());
                assertEquals(0, platform.pendingFaults(), json + ": the " + fault + " was hit");
            }
        }
    }

    @ParameterizedTest(name = "{0} sink", autoCloseArguments = false)
    @MethodSource("platforms")
    void sinkStoresEachRecordOnceUnderEveryFaultAndNothingTransientInTheDlq(PlatformFixture platform) {
        String name = platform.name() + "-matrix-sink";
        String stream = platform.createStream("matrixsink");
        String topic = name + ".in";
        String dlq = name + ".dlq";
        cluster.createTopic(topic, 1);
        Map<String, String> overrides = quick(platform.sinkOverrides(stream, topic));
        overrides.putAll(cluster.createDlqTopic(dlq));
        cluster.deployProjectConnector(platform.sinkJson(), name, overrides);
        cluster.awaitRunning(name, 1);
        Series series = new Series(1_700_000_000);
        List<String> sent = new ArrayList<>();
        List<String> phases = new ArrayList<>(List.of("none"));
        platform.faults().stream().filter(f -> f != Fault.WEBSOCKET_DROP).forEach(f -> phases.add(f.name()));
        for (String phase : phases) {
            if (!phase.equals("none")) {
                platform.inject(Fault.valueOf(phase), TIMES);
            }
            double[] t = series.next(PER_PHASE);
            double[] v = series.values();
            for (int i = 0; i < t.length; i++) {
                producer.send(new ProducerRecord<>(topic, platform.sinkValue(t[i], v[i])));
                sent.add(t[i] + "=" + v[i]);
            }
            producer.flush();
            await(name + " under " + phase).atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> platform.pendingFaults() == 0 && platform.stored(stream).size() >= sent.size());
            List<String> stored = platform.stored(stream);
            record(name, phase, phase.equals("none") ? 0 : TIMES, sent, stored);
            // as multisets: a sink may write a batch's records in parallel (flowthings has no batch create)
            assertEquals(sorted(sent), sorted(stored), name + " under " + phase);
            assertEquals(0, cluster.topics().count(dlq), name + " under " + phase + ": a transient failure in the DLQ");
            assertRunning(name);
        }
        cluster.rest().delete(name);
    }

    private static List<String> sorted(List<String> points) {
        return points.stream().sorted().toList();
    }

    private static void assertRunning(String name) {
        ConnectRestClient.ConnectorState state = cluster.rest().status(name).orElseThrow();
        assertEquals("RUNNING", state.connector(), state.toString());
        assertFalse(state.tasks().isEmpty(), state.toString());
        assertTrue(state.tasks().stream().allMatch("RUNNING"::equals), state.toString());
    }

    private static void record(String name, String fault, int injected, List<String> expected, List<String> got) {
        Set<String> seen = new HashSet<>();
        long duplicated = got.stream().filter(p -> !seen.add(p)).count();
        long lost = expected.stream().filter(p -> !seen.contains(p)).count();
        synchronized (report) {
            report.add(String.format("%-30s %-16s injected %d, checked %d, lost %d, duplicated %d", name, fault,
                injected, got.size(), lost, duplicated));
        }
    }

    /** Increasing whole-second times, one second apart, and whole-number values that differ from the times. */
    private static final class Series {
        private double t;
        private double[] values;

        Series(double start) {
            this.t = start;
        }

        double[] next(int n) {
            double[] times = new double[n];
            values = new double[n];
            for (int i = 0; i < n; i++) {
                times[i] = t;
                values[i] = (t - 1_700_000_000) * 3 + 7;
                t += 1;
            }
            return times;
        }

        double[] values() {
            return values;
        }
    }
}
