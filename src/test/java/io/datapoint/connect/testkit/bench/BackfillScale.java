package io.datapoint.connect.testkit.bench;

import static org.awaitility.Awaitility.await;

import io.datapoint.connect.testkit.KafkaProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongUnaryOperator;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches one source connector backfill {@code total} datapoints of one stream into a one-partition topic, with the
 * worker in its own JVM: the rate in ten windows ({@code RATE}), the worker's heap after a full GC before the start,
 * at 10 %, 50 % and 90 % of the points (mid-flight, with the task's buffers full) and once all arrived (idle)
 * ({@code HEAP}), then checks that the topic holds exactly the points, in order, each once. Each heap figure leaves
 * the worker's class histogram in {@code histogram-<points>.txt} in the work folder.
 *
 * <p>Progress is the topic's end offset, which under exactly-once also counts one transaction marker per
 * transaction (a few per ten thousand records), so a window's edge is that close, not exact. The end is reached
 * when the expected last record is committed; the count is then made by reading every committed record.
 */
public final class BackfillScale {

    private static final int WINDOWS = 10;

    private final String connector;
    private final KafkaProcesses kafka;
    private final String topic;
    private final long total;
    private final LongUnaryOperator timestampOf;
    private final JvmProbe worker;
    private final List<Long> heapAt;
    private final List<Double> rates = new ArrayList<>();
    private long windowStartCount;
    private long windowStartNanos;
    private long nextWindow;
    private int nextHeap;
    private long startNanos;
    private long doneNanos;

    /**
     * @param connector   names the connector in the report lines
     * @param topic       the topic the connector writes (one partition)
     * @param total       how many datapoints the stream holds
     * @param timestampOf the Kafka timestamp (ms) the record of the i-th datapoint carries
     */
    public BackfillScale(String connector, KafkaProcesses kafka, String topic, long total,
                         LongUnaryOperator timestampOf) {
        this.connector = connector;
        this.kafka = kafka;
        this.topic = topic;
        this.total = total;
        this.timestampOf = timestampOf;
        this.worker = new JvmProbe(kafka.workerPid());
        this.heapAt = List.of(total / 10, total / 2, total / 10 * 9, total);
    }

    /** Reports the idle worker's heap, runs {@code deploy}, and reports rates and heap until every point arrived. */
    public void run(Runnable deploy, Duration timeout) {
        heap(0);
        deploy.run();
        startNanos = System.nanoTime();
        windowStartNanos = startNanos;
        nextWindow = total / WINDOWS;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> tick(consumer, partition));
        }
        double seconds = (doneNanos - startNanos) / 1e9;
        // the first window holds the task's start and the JIT's warm-up; steadiness is judged on the others
        List<Double> steady = rates.subList(Math.min(1, rates.size()), rates.size());
        double min = steady.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = steady.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        BenchmarkReport.line("RATE %s backfill-scale total: %d datapoints in %.1f s = %.0f datapoints/s"
            + " (windows 2-%d: min %.0f, max %.0f, min/max %.2f)", connector, total, seconds, total / seconds,
            rates.size(), min, max, max == 0 ? 0 : min / max);
        while (nextHeap < heapAt.size()) {
            heap(heapAt.get(nextHeap++));
        }
    }

    private boolean tick(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition) {
        if (!kafka.workerAlive()) {
            throw new AssertionError("the worker died; see " + kafka.workerLog());
        }
        if (consumer.assignment().isEmpty()) {
            if (consumer.partitionsFor(topic).isEmpty()) {
                return false;
            }
            // assigned, so that its last stable offset is tracked
            consumer.assign(List.of(partition));
        }
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long now = System.nanoTime();
        boolean done = end >= total && lastArrived(consumer, partition);
        if (done) {
            doneNanos = now;
        }
        while (nextWindow <= total && (end >= nextWindow || done)) {
            double rate = (end - windowStartCount) / ((now - windowStartNanos) / 1e9);
            rates.add(rate);
            BenchmarkReport.line("RATE %s backfill-scale points=%d..%d %.0f datapoints/s", connector,
                windowStartCount, done ? total : end, rate);
            windowStartCount = end;
            windowStartNanos = now;
            nextWindow += total / WINDOWS;
        }
        // the last heap figure waits for the end, when the connector holds all it will hold
        while (!done && nextHeap < heapAt.size() - 1 && end >= heapAt.get(nextHeap)) {
            heap(heapAt.get(nextHeap++));
            // the probe paused the worker: the window restarts after it
            windowStartCount = consumer.endOffsets(List.of(partition)).get(partition);
            windowStartNanos = System.nanoTime();
        }
        return done;
    }

    /** True when the record of the last datapoint is committed. */
    private boolean lastArrived(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition) {
        long stable = consumer.endOffsets(List.of(partition)).get(partition);
        consumer.seek(partition, Math.max(0, stable - 100));
        long want = timestampOf.applyAsLong(total - 1);
        while (consumer.position(partition) < stable) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.timestamp() == want) {
                    return true;
                }
            }
        }
        return false;
    }

    private void heap(long points) {
        long used = worker.heapAfterGc();
        JvmProbe.Histogram live = worker.liveObjects();
        BenchmarkReport.line("HEAP %s points=%d after-gc=%.1f MiB (live objects; GC.heap_info after GC.run: %.1f"
            + " MiB)", connector, points, live.bytes() / 1048576.0, used / 1048576.0);
        // the classes behind the figure, to find what grows
        try {
            Files.writeString(kafka.workDir().resolve("histogram-" + points + ".txt"), live.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads every committed record of the topic and checks there are exactly {@code total}, the i-th carrying the i-th
     * datapoint's timestamp; hands the first and last {@code samples} records with their index to {@code check}.
     *
     * @throws AssertionError when a record is missing, repeated or out of order
     */
    public void verify(int samples, ObjLongConsumer<ConsumerRecord<byte[], byte[]>> check) {
        TopicPartition partition = new TopicPartition(topic, 0);
        Deque<ConsumerRecord<byte[], byte[]>> tail = new ArrayDeque<>(samples);
        long i = 0;
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.timestamp() != timestampOf.applyAsLong(i)) {
                        throw new AssertionError("record " + i + " (offset " + r.offset() + ") has timestamp "
                            + r.timestamp() + ", expected " + timestampOf.applyAsLong(i)
                            + ": a datapoint is missing, repeated or out of order");
                    }
                    if (i < samples) {
                        check.accept(r, i);
                    }
                    if (tail.size() == samples) {
                        tail.removeFirst();
                    }
                    tail.addLast(r);
                    i++;
                }
            }
            BenchmarkReport.line("COUNT %s backfill-scale: %d committed records of %d (end offset %d), read back"
                + " in %.1f s", connector, i, total, end, (System.nanoTime() - t0) / 1e9);
        }
        if (i != total) {
            throw new AssertionError("the topic holds " + i + " records, expected " + total);
        }
        long first = total - tail.size();
        for (ConsumerRecord<byte[], byte[]> r : tail) {
            check.accept(r, first++);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000",
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20),
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20)));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
