package io.datapoint.connect.core.sink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SinkEngineTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TopicPartition TP = new TopicPartition("readings", 0);

    private final FakeStreamWriter writer = new FakeStreamWriter();
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);
    private final AtomicInteger mapped = new AtomicInteger();
    private FakeSinkTaskContext context = FakeSinkTaskContext.withReporter();
    private SinkEngine<String> engine;

    @AfterEach
    void closeEngine() {
        writer.release();
        if (engine != null) {
            engine.close();
        }
    }

    /**
     * The record's key names the target and its value is the point; values starting with "skip" are skipped,
     * "malformed" is refused by the mapper, "boom" makes it throw a RuntimeException.
     */
    private RecordMapper.Mapped<String> map(SinkRecord record) throws BadRecordException {
        mapped.incrementAndGet();
        String value = (String) record.value();
        if (value.startsWith("skip")) {
            return RecordMapper.Mapped.skip("configured to skip");
        }
        if (value.startsWith("malformed")) {
            throw new BadRecordException("field 'time' is missing; set time.field");
        }
        if (value.startsWith("boom")) {
            throw new IllegalStateException("mapper bug");
        }
        return RecordMapper.Mapped.of((String) record.key(), value, 4);
    }

    private SinkEngine<String> engine(int batchMaxRecords, long batchMaxBytes, Duration linger, int threads,
                                      int maxPending) {
        engine = new SinkEngine<>("test sink", this::map, writer,
            new SinkEngineSettings(batchMaxRecords, batchMaxBytes, linger, threads, maxPending), context, metrics);
        return engine;
    }

    private SinkEngine<String> engine(int batchMaxRecords, Duration linger) {
        return engine(batchMaxRecords, Long.MAX_VALUE, linger, 4, 10_000);
    }

    private static SinkRecord record(TopicPartition tp, long offset, String target, String value) {
        return new SinkRecord(tp.topic(), tp.partition(), Schema.STRING_SCHEMA, target, Schema.STRING_SCHEMA, value,
            offset);
    }

    /** Records at offsets [from, to) of {@link #TP}, to {@code target}, with values "target:offset". */
    private static List<SinkRecord> records(String target, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> record(TP, i, target, target + ":" + i)).toList();
    }

    private static List<String> points(String target, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> target + ":" + i).toList();
    }

    /** The offset preCommit reports for a partition, or -1 when it reports none. */
    private long committed(TopicPartition tp) {
        OffsetAndMetadata o = engine.preCommit(Map.of(tp, new OffsetAndMetadata(0))).get(tp);
        return o == null ? -1 : o.offset();
    }

    private ConnectException awaitPutFails() {
        ConnectException[] thrown = new ConnectException[1];
        await().atMost(WAIT).until(() -> {
            try {
                engine.put(List.of());
                return false;
            } catch (ConnectException e) {
                thrown[0] = e;
                return true;
            }
        });
        return thrown[0];
    }

    private long counter(String outcome) {
        return metrics.counter("sink-records-total", "outcome", outcome);
    }

    @Test
    void fullBatchesAreWrittenAtOnceAndTheRestOnPreCommit() throws Exception {
        engine(10, NEVER);

        engine.put(records("x", 0, 25));

        await().atMost(WAIT).until(() -> writer.acceptedSizes("x").size() == 2);
        assertEquals(List.of(10, 10), writer.acceptedSizes("x"), "the last 5 wait for linger or preCommit");
        await().atMost(WAIT).until(() -> committed(TP) == 25);
        assertEquals(List.of(10, 10, 5), writer.acceptedSizes("x"));
        assertEquals(points("x", 0, 25), writer.written("x"));
        assertEquals(25, counter("written"));
    }

    @Test
    void aPartlyFilledBatchIsWrittenAfterTheLinger() throws Exception {
        engine(1000, Duration.ofMillis(30));

        engine.put(records("x", 0, 3));

        await().atMost(WAIT).until(() -> writer.written("x").size() == 3);
        assertEquals(List.of(3), writer.acceptedSizes("x"));
    }

    @Test
    void batchesAreBoundedByBytes() throws Exception {
        engine(1000, 10, NEVER, 2, 10_000); // each point counts 4 bytes: 3 points reach the bound

        engine.put(records("x", 0, 6));

        await().atMost(WAIT).until(() -> writer.written("x").size() == 6);
        assertEquals(List.of(3, 3), writer.acceptedSizes("x"));
    }

    @Test
    void preCommitReportsOnlyDurableOffsets() throws Exception {
        writer.hold("slow");
        engine(5, NEVER);
        List<SinkRecord> batch = new ArrayList<>(records("fast", 100, 105));
        IntStream.range(105, 110).forEach(i -> batch.add(record(TP, i, "slow", "slow:" + i)));

        engine.put(batch);

        await().atMost(WAIT).until(() -> writer.written("fast").size() == 5);
        await().atMost(WAIT).until(() -> committed(TP) == 105);
        assertEquals(1, writer.started("slow"));
        assertEquals(105, committed(TP), "the held records are not durable yet");

        writer.release();

        await().atMost(WAIT).until(() -> committed(TP) == 110);
    }

    @Test
    void nothingIsCommittedForAPartitionBeforeItsFirstRecordIsDurable() throws Exception {
        writer.hold("x");
        engine(5, NEVER);
        engine.put(records("x", 40, 45));
        await().atMost(WAIT).until(() -> writer.started("x") == 1);

        assertEquals(40, committed(TP));
        assertEquals(-1, committed(new TopicPartition("other", 0)), "a partition with no records is left out");
    }

    @Test
    void batchesOfOneTargetAreWrittenOneAtATimeInKafkaOrder() throws Exception {
        writer.hold("x");
        engine(5, NEVER);

        engine.put(records("x", 0, 50));
        engine.put(records("y", 50, 55));

        // four write threads: y is written while x's first batch is held, and x's other batches wait behind it
        await().atMost(WAIT).until(() -> writer.written("y").size() == 5);
        assertEquals(1, writer.started("x"));

        writer.release();

        await().atMost(WAIT).until(() -> writer.written("x").size() == 50);
        assertEquals(points("x", 0, 50), writer.written("x"));
        assertEquals(1, writer.maxInFlight("x"));
        await().atMost(WAIT).until(() -> committed(TP) == 55);
    }

    @Test
    void aSlowPlatformStillGetsFullBatchesWhilePutWaitsForRoom() throws Exception {
        // room for one and a half batches: a put that waits must not cut the next batch short to make room
        writer.latency(Duration.ofMillis(20));
        engine(100, Long.MAX_VALUE, NEVER, 1, 150);

        for (int i = 0; i < 6; i++) {
            engine.put(records("x", i * 100, (i + 1) * 100));
        }

        await().atMost(WAIT).until(() -> writer.written("x").size() == 600);
        assertEquals(points("x", 0, 600), writer.written("x"));
        assertEquals(List.of(100, 100, 100, 100, 100, 100), writer.acceptedSizes("x"));
    }

    @Test
    void aRefusedBatchIsBisectedAndOnlyTheBadPointsAreReported() throws Exception {
        writer.bad("x:7", "x:50", "x:51");
        engine(100, NEVER);

        engine.put(records("x", 0, 100));

        await().atMost(WAIT).until(() -> context.reports.size() == 3);
        assertEquals(List.of(7L, 50L, 51L), context.reportedOffsets());
        for (FakeSinkTaskContext.Report r : context.reports) {
            String message = r.error().getMessage();
            assertTrue(message.contains("point " + r.record().value() + " breaks the schema of x"), message);
            assertTrue(message.contains("readings-0@" + r.record().kafkaOffset()), message);
        }
        List<String> expected = new ArrayList<>(points("x", 0, 100));
        expected.removeAll(List.of("x:7", "x:50", "x:51"));
        await().atMost(WAIT).until(() -> committed(TP) == 100);
        assertEquals(expected, writer.written("x"));
        assertEquals(97, counter("written"));
        assertEquals(3, counter("rejected"));
    }

    @Test
    void aRecordTheMapperRefusesIsReportedAndItsOffsetAdvances() throws Exception {
        engine(10, NEVER);
        List<SinkRecord> batch = new ArrayList<>(records("x", 0, 3));
        batch.add(record(TP, 3, "x", "malformed"));
        batch.add(record(TP, 4, "x", "boom"));
        batch.addAll(records("x", 5, 7));

        engine.put(batch);

        await().atMost(WAIT).until(() -> committed(TP) == 7);
        assertEquals(List.of(3L, 4L), context.reportedOffsets());
        assertTrue(context.reports.get(0).error().getMessage().contains("field 'time' is missing"));
        assertTrue(context.reports.get(1).error().getMessage().contains("mapper bug"));
        assertEquals(List.of("x:0", "x:1", "x:2", "x:5", "x:6"), writer.written("x"));
        assertEquals(2, counter("rejected"));
    }

    @Test
    void withoutAReporterARefusedRecordFailsTheTaskAndNamesErrorsTolerance() throws Exception {
        context = FakeSinkTaskContext.withoutReporter();
        writer.bad("x:2");
        engine(5, NEVER);

        engine.put(records("x", 0, 5));

        ConnectException e = awaitPutFails();
        assertTrue(e.getMessage().contains("errors.tolerance"), e.getMessage());
        assertTrue(e.getMessage().contains("readings-0@2"), e.getMessage());
        assertThrows(ConnectException.class, () -> committed(TP));
    }

    @Test
    void withoutAContextAMalformedRecordFailsTheTask() throws Exception {
        engine = new SinkEngine<>("test sink", this::map, writer,
            new SinkEngineSettings(5, Long.MAX_VALUE, NEVER, 1, 100), null, metrics);

        engine.put(List.of(record(TP, 0, "x", "malformed")));

        ConnectException e = assertThrows(ConnectException.class, () -> engine.put(List.of()));
        assertTrue(e.getMessage().contains("errors.tolerance"), e.getMessage());
        assertTrue(e.getMessage().contains("field 'time' is missing"), e.getMessage());
    }

    @Test
    void aFailingReportFailsTheTask() throws Exception {
        context = FakeSinkTaskContext.withReporter().failReports(new IllegalStateException("DLQ topic missing"));
        engine(5, NEVER);

        engine.put(List.of(record(TP, 0, "x", "malformed")));

        ConnectException e = awaitPutFails();
        assertTrue(e.getMessage().contains("DLQ topic missing"), e.getMessage());
    }

    @Test
    void skippedRecordsAdvanceOffsetsAndAreCounted() throws Exception {
        engine(10, NEVER);
        List<SinkRecord> batch = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> batch.add(record(TP, i, "x", "skip-" + i)));

        engine.put(batch);

        assertEquals(5, committed(TP));
        assertTrue(writer.writes.isEmpty());
        assertEquals(5, counter("skipped"));
    }

    @Test
    void aFailedWriteFailsTheTaskAndOffsetsStayAtTheLastDurablePoint() throws Exception {
        writer.failCall(2);
        engine(5, NEVER);
        engine.put(records("x", 0, 5));
        await().atMost(WAIT).until(() -> committed(TP) == 5);

        engine.put(records("x", 5, 10));

        ConnectException e = awaitPutFails();
        assertTrue(e.getMessage().contains("server went away"), e.getMessage());
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(ConnectException.class, () -> committed(TP));
        assertEquals(points("x", 0, 5), writer.written("x"));
    }

    @Test
    void putWaitsWhileTooManyRecordsAreNotDurable() throws Exception {
        writer.hold("x");
        engine(5, Long.MAX_VALUE, NEVER, 2, 5);

        Thread[] putThread = new Thread[1];
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
            putThread[0] = Thread.currentThread();
            try {
                engine.put(records("x", 0, 10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(WAIT).until(() -> putThread[0] != null && waitsForAPermit(putThread[0]));
        assertEquals(5, mapped.get(), "the sixth record waits for a permit");
        assertFalse(put.isDone());

        writer.release();

        put.get();
        assertEquals(10, mapped.get());
        await().atMost(WAIT).until(() -> committed(TP) == 10);
    }

    @Test
    void aPutWaitingForPermitsWritesWhatIsBufferedInsteadOfWaitingForTheLinger() throws Exception {
        engine(10, Long.MAX_VALUE, NEVER, 2, 3); // a batch would never fill: only 3 records may be pending

        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
            try {
                engine.put(records("x", 0, 7));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(WAIT).until(put::isDone);
        put.get();
        await().atMost(WAIT).until(() -> committed(TP) == 7);
        assertEquals(points("x", 0, 7), writer.written("x"));
    }

    private static boolean waitsForAPermit(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("java.util.concurrent.Semaphore")
            && f.getMethodName().equals("tryAcquire"));
    }

    @Test
    void offsetsAreTrackedAgainstTheOriginalPartitionOfARenamedRecord() throws Exception {
        engine(10, NEVER);
        TopicPartition original = new TopicPartition("orders", 2);
        SinkRecord renamed = record(original, 40, "x", "x:40")
            .newRecord("renamed-by-smt", 0, Schema.STRING_SCHEMA, "x", Schema.STRING_SCHEMA, "x:40", null);

        engine.put(List.of(renamed));

        await().atMost(WAIT).until(() -> committed(original) == 41);
        assertEquals(-1, committed(new TopicPartition("renamed-by-smt", 0)));
    }

    @Test
    void closingPartitionsWritesTheirRecordsAndForgetsThem() throws Exception {
        engine(100, NEVER);
        TopicPartition other = new TopicPartition("readings", 1);
        engine.put(records("x", 0, 3));
        engine.put(List.of(record(other, 0, "y", "y:0"), record(other, 1, "y", "y:1")));

        engine.close(List.of(TP));

        assertEquals(points("x", 0, 3), writer.written("x"), "buffered records are written first");
        Map<TopicPartition, OffsetAndMetadata> offsets = engine.preCommit(
            Map.of(TP, new OffsetAndMetadata(0), other, new OffsetAndMetadata(0)));
        assertEquals(Set.of(other), offsets.keySet());
        assertEquals(2, offsets.get(other).offset());
    }

    @Test
    void drainWritesEverythingBuffered() throws Exception {
        engine(100, NEVER);
        engine.put(records("x", 0, 3));
        engine.put(records("y", 3, 4));

        assertTrue(engine.drain(WAIT));

        assertEquals(points("x", 0, 3), writer.written("x"));
        assertEquals(points("y", 3, 4), writer.written("y"));
        assertEquals(4, committed(TP));
    }

    @Test
    void reportsOfABisectedBatchAreSentTogetherNotOneAfterTheOther() {
        context.completeReportsInBatchesOf(3);
        writer.bad("a:2", "a:5", "a:8");
        SinkEngine<String> e = engine(100, Duration.ofMillis(20));
        assertDoesNotThrow(() -> e.put(records("a", 0, 10)));
        // with one report awaited before the next is sent, the first report would never complete
        await().atMost(WAIT).until(() -> committed(TP) == 10);
        assertEquals(List.of(2L, 5L, 8L), context.reportedOffsets());
    }

    @Test
    void manyBadRecordsInOnePutDoNotStallOnTheirOwnPermits() throws Exception {
        SinkEngine<String> e = engine(100, Long.MAX_VALUE, NEVER, 1, 3);
        List<SinkRecord> bad = IntStream.range(0, 10).mapToObj(i -> record(TP, i, "a", "malformed:" + i)).toList();
        java.util.concurrent.CompletableFuture<Void> put = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                e.put(bad);
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        put.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertEquals(10, context.reports.size());
        assertEquals(10, committed(TP));
    }
}
