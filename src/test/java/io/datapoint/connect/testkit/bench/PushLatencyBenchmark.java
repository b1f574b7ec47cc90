package io.datapoint.connect.testkit.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.PlatformFixture;
import io.datapoint.connect.testkit.PlatformFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Push latency of every source with a push channel ({@code ./mvnw -Pbenchmark verify -Dit.test=PushLatencyBenchmark}):
 * one source per platform reads one stream with a poll interval too long to ever come, so new datapoints arrive
 * only by push, on a worker with exactly-once source support (records are transactional). After a warm-up of 1,000
 * datapoints {@value #WARM_UP_SPACING_MS} ms apart, 1,000 single datapoints are inserted one at a time,
 * {@value #SPACING_MS} ms apart; each one's latency runs from just before its insert to the moment a
 * {@code read_committed} consumer reads its record. Prints
 * {@code LATENCY <connector> n=... p50=... p99=... max=...}, then the same for a {@code read_uncommitted} reader (the
 * share of the transaction commit) and the JVM's {@link Hiccups} meanwhile (the machine's share of the tail), and
 * writes each datapoint's figures to {@code target/latency-<platform>.csv}; asserts only that every datapoint arrived
 * exactly once.
 */
class PushLatencyBenchmark {

    private static final int POINTS = 1_000;
    /** Enough transactions for the JIT to compile the worker's and broker's per-record paths before measuring. */
    private static final int WARM_UP = 1_000;
    private static final long WARM_UP_SPACING_MS = 10;
    private static final long SPACING_MS = 30;
    /** Values of warm-up datapoints start here, far from the measured ones (0 .. POINTS - 1). */
    private static final long WARM_UP_BASE = 1_000_000;

    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ConnectCluster.builder("push-latency").exactlyOnce(true).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> pushLatency() {
        return PlatformFixtures.discover().stream()
            .filter(fixture -> fixture.pushOverrides().isPresent())
            .map(fixture -> DynamicTest.dynamicTest(fixture.name(), () -> measure(fixture)));
    }

    private static void measure(PlatformFixture fixture) throws Exception {
        try (fixture) {
            fixture.start();
            cluster.env().putAll(fixture.env());
            String stream = fixture.createStream("latency");
            String topic = "latency." + fixture.name();
            String connector = fixture.name() + "-latency";
            Map<String, String> overrides = new HashMap<>(fixture.sourceOverrides(stream, topic));
            overrides.putAll(fixture.pushOverrides().orElseThrow());
            overrides.put("tasks.max", "1");
            cluster.createTopic(topic, 1);
            cluster.deployProjectConnector(fixture.sourceJson(), connector, overrides);
            cluster.awaitRunning(connector, 1);
            try (TopicArrivals arrivals = new TopicArrivals(cluster.bootstrapServers(), topic, true,
                    record -> value(fixture, record));
                 TopicArrivals written = new TopicArrivals(cluster.bootstrapServers(), topic, false,
                     record -> value(fixture, record))) {
                // the first datapoint may come with the first read; the rest can only come by push, which is live
                // once they all arrived
                insertPaced(fixture, stream, WARM_UP_BASE, 1, WARM_UP_SPACING_MS);
                awaitAll(arrivals, WARM_UP_BASE, 1);
                insertPaced(fixture, stream, WARM_UP_BASE + 1, WARM_UP - 1, WARM_UP_SPACING_MS);
                awaitAll(arrivals, WARM_UP_BASE + 1, WARM_UP - 1);

                long[] inserted;
                try (Hiccups hiccups = new Hiccups()) {
                    inserted = insertPaced(fixture, stream, 0, POINTS, SPACING_MS);
                    awaitAll(arrivals, 0, POINTS);
                    awaitAll(written, 0, POINTS);
                    // the machine's share of the tail: how late a thread of this JVM woke meanwhile
                    BenchmarkReport.line("LATENCY jvm-hiccups during %s-source: %d of >= 20 ms, %.0f ms in all, longest"
                        + " %.1f ms", fixture.name(), hiccups.count(), hiccups.totalMillis(), hiccups.longestMillis());
                }
                long[] latencies = new long[POINTS];
                long[] uncommitted = new long[POINTS];
                StringBuilder csv = new StringBuilder("point,committed_ms,uncommitted_ms\n");
                for (int i = 0; i < POINTS; i++) {
                    latencies[i] = arrivals.arrival(i) - inserted[i];
                    uncommitted[i] = written.arrival(i) - inserted[i];
                    csv.append(String.format(Locale.ROOT, "%d,%.2f,%.2f%n", i, latencies[i] / 1e6,
                        uncommitted[i] / 1e6));
                }
                report(fixture.name() + "-source", new LatencySummary(latencies));
                // where the time goes: the same records read before their transaction commits
                report(fixture.name() + "-source(read_uncommitted)", new LatencySummary(uncommitted));
                Files.writeString(Path.of("target", "latency-" + fixture.name() + ".csv"), csv);
                assertExactlyOnce(topic, fixture);
            } finally {
                cluster.rest().delete(connector);
            }
        }
    }

    private static void report(String connector, LatencySummary summary) {
        BenchmarkReport.line("LATENCY %s n=%d p50=%.1f p99=%.1f max=%.1f", connector, summary.count(),
            summary.percentile(50), summary.percentile(99), summary.max());
    }

    /**
     * Inserts {@code n} single datapoints with values {@code first, first + 1, ...}, one every {@code spacingMs};
     * returns the {@link System#nanoTime()} taken just before each insert.
     */
    private static long[] insertPaced(PlatformFixture fixture, String stream, long first, int n, long spacingMs)
        throws InterruptedException {
        long[] started = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicLong lastMillis = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> task = pace.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= n) {
                    done.countDown();
                    return;
                }
                // a distinct, increasing time per datapoint (two runs of the pace may fall in one millisecond)
                double t = lastMillis.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())) / 1000.0;
                try {
                    started[i] = System.nanoTime();
                    fixture.append(stream, new double[] {t}, new double[] {first + i});
                } catch (RuntimeException e) {
                    failure.set(e);
                    done.countDown();
                }
            }, 0, spacingMs, TimeUnit.MILLISECONDS);
            boolean finished = done.await(n * spacingMs + 60_000, TimeUnit.MILLISECONDS);
            task.cancel(false);
            if (failure.get() != null) {
                throw failure.get();
            }
            assertTrue(finished, "inserts did not finish");
        } finally {
            pace.shutdownNow();
        }
        return started;
    }

    private static void awaitAll(TopicArrivals arrivals, long first, int n) {
        await("datapoints " + first + " .. " + (first + n - 1) + " committed").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
                for (long k = first; k < first + n; k++) {
                    if (arrivals.arrival(k) == null) {
                        return false;
                    }
                }
                return true;
            });
    }

    private static void assertExactlyOnce(String topic, PlatformFixture fixture) {
        List<Long> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.committedNow(topic)) {
            values.add(value(fixture, record));
        }
        Map<Long, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        for (long i = 0; i < POINTS; i++) {
            assertEquals(1, counts.getOrDefault(i, 0), fixture.name() + ": committed copies of datapoint " + i);
        }
        assertEquals(POINTS + WARM_UP, values.size(), fixture.name() + ": committed records");
    }

    /** The value of the datapoint a record carries, which identifies it here. */
    private static long value(PlatformFixture fixture, ConsumerRecord<byte[], byte[]> record) {
        String point = fixture.point(record);
        return Math.round(Double.parseDouble(point.substring(point.lastIndexOf('=') + 1)));
    }
}
