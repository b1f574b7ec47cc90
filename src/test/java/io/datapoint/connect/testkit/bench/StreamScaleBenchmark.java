package io.datapoint.connect.testkit.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.PlatformFixture;
import io.datapoint.connect.testkit.PlatformFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scale in streams ({@code ./mvnw -Pbenchmark verify}): every platform source reads 2,000 streams of 3 datapoints
 * each through one embedded worker. It reports how long delivering all of them takes ({@code STREAMS}), then, with
 * no new data, how many requests the connector sends to the idle simulator ({@code IDLE}, per second per 1,000
 * streams): first over a warm-up, then over the measured window. The defaults (poll interval 5 s, warm-up 90 s,
 * window 60 s) let idle streams back off to the default 60 s ceiling before the window starts, and the window
 * spans one ceiling. Asserts only that every datapoint arrived once.
 *
 * <p>{@code -Dbench.streams}, {@code -Dbench.poll.ms}, {@code -Dbench.idle.warmup.s} and {@code -Dbench.idle.s}
 * change the stream count, the poll interval and the idle windows; {@code -Dplatforms=heedy,...} picks platforms.
 */
class StreamScaleBenchmark {

    private static final int STREAMS = Integer.getInteger("bench.streams", 2_000);
    private static final int POINTS = 3;
    private static final long POLL_MS = Long.getLong("bench.poll.ms", 5_000);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.idle.warmup.s", 90));
    private static final Duration IDLE = Duration.ofSeconds(Long.getLong("bench.idle.s", 60));
    private static final List<PlatformFixture> FIXTURES = new ArrayList<>();
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (PlatformFixture fixture : PlatformFixtures.discover()) {
            fixture.start();
            FIXTURES.add(fixture);
            env.putAll(fixture.env());
        }
        cluster = ConnectCluster.builder("stream-scale").env(env).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        FIXTURES.forEach(PlatformFixture::close);
    }

    static Stream<String> platforms() {
        return PlatformFixtures.discover().stream().map(PlatformFixture::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("platforms")
    void manyQuietStreams(String platform) {
        PlatformFixture fixture = FIXTURES.stream().filter(f -> f.name().equals(platform)).findFirst().orElseThrow();
        List<String> streams = fixture.createStreams(STREAMS);
        double base = 1_700_000_000;
        for (int i = 0; i < streams.size(); i++) {
            double[] t = new double[POINTS];
            double[] d = new double[POINTS];
            for (int k = 0; k < POINTS; k++) {
                t[k] = base + k * 10 + i % 7;
                d[k] = i * POINTS + k;
            }
            fixture.append(streams.get(i), t, d);
        }
        String topic = "scale-" + platform;
        String connector = "scale-" + platform + "-source";
        long expected = (long) STREAMS * POINTS;
        Map<String, String> overrides = new HashMap<>(fixture.sourceOverridesForAll(topic));
        overrides.put("tasks.max", "2");
        overrides.put("poll.interval.ms", Long.toString(POLL_MS));

        long t0 = System.nanoTime();
        cluster.deployProjectConnector(fixture.sourceJson(), connector, overrides);
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200))
            .until(() -> cluster.topics().count(topic) >= expected);
        double seconds = (System.nanoTime() - t0) / 1e9;
        BenchmarkReport.line("STREAMS %s streams=%d points=%d delivered-in=%.2f s", connector, STREAMS, expected,
            seconds);

        // no new data from here on: whatever the connector asks now is idle cost; nothing more may arrive
        long r0 = fixture.requestCount();
        await().during(WARMUP).atMost(WARMUP.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
            .until(() -> cluster.topics().count(topic) == expected);
        long r1 = fixture.requestCount();
        await().during(IDLE).atMost(IDLE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
            .until(() -> cluster.topics().count(topic) == expected);
        long r2 = fixture.requestCount();
        double perK = 1000.0 / STREAMS;
        BenchmarkReport.line("IDLE %s poll.interval=%d requests/s per 1000 streams=%.2f (first %d s: %.2f)",
            connector, POLL_MS, (r2 - r1) / (double) IDLE.toSeconds() * perK, WARMUP.toSeconds(),
            (r1 - r0) / (double) WARMUP.toSeconds() * perK);

        List<ConsumerRecord<byte[], byte[]>> records = cluster.topics().readToEnd(topic, false);
        Set<String> points = new HashSet<>();
        records.forEach(r -> points.add(fixture.point(r)));
        assertEquals(expected, records.size(), "records delivered");
        assertEquals(expected, points.size(), "distinct datapoints delivered");
        cluster.rest().delete(connector);
    }
}
