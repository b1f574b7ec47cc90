package io.datapoint.connect.core.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SourceEngineTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeStreamReader.Codec codec = new FakeStreamReader.Codec();
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);
    private final List<FakeStreamReader.Call> log = new CopyOnWriteArrayList<>();
    private String label;
    private SourceEngine<Long> engine;

    @BeforeEach
    void name(TestInfo info) {
        label = "test-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private static SourceEngineSettings settings(Duration pollInterval, int batchSize, int capacity,
                                                 Duration errorBackoffMax) {
        return new SourceEngineSettings(pollInterval, batchSize, capacity, Duration.ofMillis(20), errorBackoffMax);
    }

    private SourceEngine<Long> start(SourceEngineSettings settings, FakeOffsetStorageReader offsets,
                                     FakeStreamReader... readers) {
        engine = new SourceEngine<>(label, "fake", "http://fake:1", codec, settings, metrics);
        engine.start(List.of(readers), offsets);
        return engine;
    }

    private SourceEngine<Long> start(SourceEngineSettings settings, FakeStreamReader... readers) {
        return start(settings, new FakeOffsetStorageReader(), readers);
    }

    private FakeStreamReader reader(String id, int count) {
        return new FakeStreamReader(id, count, log);
    }

    /** Polls until at least {@code n} records came, and returns them all. */
    private static List<SourceRecord> take(SourceEngine<Long> engine, int n) {
        List<SourceRecord> got = new ArrayList<>();
        drainLoop().until(() -> {
            List<SourceRecord> batch = engine.poll();
            if (batch != null) {
                got.addAll(batch);
            }
            return got.size() >= n;
        });
        return got;
    }

    /** poll() itself waits for records, so the loop around it needs no pause of its own. */
    private static ConditionFactory drainLoop() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    private static List<Object> values(List<SourceRecord> records) {
        return records.stream().map(SourceRecord::value).toList();
    }

    private static List<Object> positions(List<SourceRecord> records) {
        return records.stream().map(r -> (Object) r.sourceOffset().get("pos")).toList();
    }

    private static List<Object> expected(String stream, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> (Object) (stream + ":" + i)).toList();
    }

    private Thread fetchThread() {
        String name = "datapoint-fetch-" + label;
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    private static boolean blockedOnPut(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
            .anyMatch(f -> f.getClassName().endsWith("ArrayBlockingQueue") && f.getMethodName().equals("put"));
    }

    @Test
    void startsAtTheInitialCursorWhenNoOffsetIsStored() {
        FakeStreamReader a = reader("a", 5).initialCursor(2);
        start(settings(NEVER, 10, 100, NEVER), a);

        assertEquals(expected("a", 2, 5), values(take(engine, 3)));
        assertEquals(1, a.initialCalls.get());
        assertEquals(0, codec.decodes.get());
        assertEquals(2L, a.calls().get(0).cursor());
    }

    @Test
    void resumesFromTheStoredOffsetWithoutAskingForAnInitialCursor() {
        FakeStreamReader a = reader("a", 6).initialCursor(0);
        FakeOffsetStorageReader offsets = new FakeOffsetStorageReader()
            .put(SourcePartitions.of("fake", "http://fake:1", "a", 3), Map.of("pos", 4));
        start(settings(NEVER, 10, 100, NEVER), offsets, a);

        assertEquals(expected("a", 4, 6), values(take(engine, 2)));
        assertEquals(0, a.initialCalls.get());
        assertEquals(1, codec.decodes.get());
        assertEquals(4L, a.calls().get(0).cursor());
        assertEquals(6L, engine.cursor("a"));
    }

    @Test
    void everyRecordCarriesTheStreamPartitionAndItsOwnOffset() {
        start(settings(NEVER, 10, 100, NEVER), reader("a", 3));

        List<SourceRecord> records = take(engine, 3);

        Map<String, Object> partition = Map.of("platform", "fake", "server", "http://fake:1", "stream", "a", "v", 3);
        assertEquals(partition, engine.partition("a"));
        for (int i = 0; i < 3; i++) {
            SourceRecord r = records.get(i);
            assertEquals(partition, r.sourcePartition());
            assertEquals(Map.of("pos", (long) i + 1), r.sourceOffset(), "offset = cursor just after the item");
            assertEquals("topic-a", r.topic());
            assertNull(r.kafkaPartition());
            assertEquals(Schema.STRING_SCHEMA, r.keySchema());
            assertEquals("a", r.key());
            assertEquals(Schema.STRING_SCHEMA, r.valueSchema());
            assertEquals("a:" + i, r.value());
            assertEquals(1_000L + i, r.timestamp());
            assertEquals("a", r.headers().lastWithName("stream").value());
        }
        assertEquals(3, metrics.stream("a").records());
    }

    @Test
    void pagesWithMoreAreReadBackToBackAndTwoStreamsTakeTurns() {
        FakeStreamReader a = reader("a", 100);
        FakeStreamReader b = reader("b", 100);
        start(settings(NEVER, 10, 1000, NEVER), a, b);

        // a one-hour poll interval: only "read at once when more" can deliver all 200 now
        List<SourceRecord> records = take(engine, 200);

        assertEquals(expected("a", 0, 100), values(records.stream().filter(r -> r.key().equals("a")).toList()));
        assertEquals(expected("b", 0, 100), values(records.stream().filter(r -> r.key().equals("b")).toList()));
        assertEquals(20, log.size(), log.toString());
        for (int i = 0; i + 1 < log.size(); i++) {
            assertFalse(log.get(i).stream().equals(log.get(i + 1).stream()),
                "while both streams have more they alternate: " + log);
        }
        assertEquals(List.of(0L, 10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L),
            a.calls().stream().map(FakeStreamReader.Call::cursor).toList());
    }

    @Test
    void aStreamWithMoreIsReadAgainAtOnceWhileACaughtUpOneWaits() {
        FakeStreamReader a = reader("a", 100);
        FakeStreamReader idle = reader("idle", 0);
        start(settings(NEVER, 10, 1000, NEVER), a, idle);

        assertEquals(expected("a", 0, 100), values(take(engine, 100)));
        assertEquals(10, a.reads.get());
        assertEquals(1, idle.reads.get(), "the caught-up stream waits for its poll interval");
    }

    @Test
    void aCaughtUpStreamIsReadAgainAfterThePollInterval() {
        FakeStreamReader a = reader("a", 0);
        start(settings(Duration.ofMillis(30), 10, 100, NEVER), a);

        await().atMost(WAIT).until(() -> a.reads.get() >= 3);
        a.append(2);
        assertEquals(expected("a", 0, 2), values(take(engine, 2)));
    }

    @Test
    void wakeReadsAStreamBeforeItsPollInterval() {
        FakeStreamReader a = reader("a", 2);
        start(settings(NEVER, 10, 100, NEVER), a);
        take(engine, 2);

        a.append(3);
        engine.wake("unknown"); // ignored
        engine.wake("a");

        assertEquals(expected("a", 2, 5), values(take(engine, 3)));
        assertEquals(2, a.reads.get());
    }

    @Test
    void wakeAllReadsEveryStream() {
        FakeStreamReader a = reader("a", 1);
        FakeStreamReader b = reader("b", 1);
        start(settings(NEVER, 10, 100, NEVER), a, b);
        take(engine, 2);

        a.append(1);
        b.append(1);
        engine.wakeAll();

        List<SourceRecord> records = take(engine, 2);
        assertEquals(List.of("a:1", "b:1"), values(records).stream().map(String::valueOf).sorted().toList());
    }

    @Test
    void rereadEmitsTheWindowWithTheCurrentOffsetBeforeTheNextPage() {
        FakeStreamReader a = reader("a", 3);
        start(settings(NEVER, 10, 100, NEVER), a);
        take(engine, 3);
        a.append(2);

        engine.reread("a", () -> List.of(FakeStreamReader.content("a", "late-1", 0),
            FakeStreamReader.content("a", "late-2", 0)));
        engine.reread("unknown", List::of); // ignored

        List<SourceRecord> records = take(engine, 4);
        assertEquals(List.of("late-1", "late-2", "a:3", "a:4"), values(records));
        assertEquals(List.of(3L, 3L, 4L, 5L), positions(records), "the offset never moves back");
        assertEquals(5L, engine.cursor("a"));
    }

    @Test
    void aWindowReadThatFailsIsRetriedAndEmittedOnce() {
        FakeStreamReader a = reader("a", 1);
        start(settings(NEVER, 10, 100, Duration.ofMillis(40)), a);
        take(engine, 1);
        AtomicInteger windowReads = new AtomicInteger();

        engine.reread("a", () -> {
            if (windowReads.incrementAndGet() == 1) {
                throw new IOException("connection reset");
            }
            return List.of(FakeStreamReader.content("a", "late", 0));
        });

        assertEquals(List.of("late"), values(take(engine, 1)));
        assertEquals(2, windowReads.get());
        a.append(1);
        engine.wake("a");
        assertEquals(List.of("a:1"), values(take(engine, 1)), "the window is not emitted again");
        assertEquals(2, windowReads.get());
    }

    @Test
    void theBufferIsBoundedAndPollDrainsIt() {
        FakeStreamReader a = reader("a", 1000);
        start(settings(NEVER, 50, 10, NEVER), a);

        Thread fetcher = fetchThread();
        await().atMost(WAIT).until(() -> blockedOnPut(fetcher));
        assertEquals(1, a.reads.get(), "a full buffer stops the fetch thread inside its first page");

        List<Object> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        drainLoop().until(() -> {
            List<SourceRecord> batch = engine.poll();
            if (batch != null) {
                sizes.add(batch.size());
                all.addAll(values(batch));
            }
            return all.size() >= 1000;
        });
        assertEquals(expected("a", 0, 1000), all);
        // one poll takes the buffer (at most 10) plus the one record the unblocked fetcher may add meanwhile
        assertTrue(sizes.get(0) >= 10, "the first poll found a full buffer: " + sizes);
        assertTrue(sizes.stream().allMatch(s -> s <= 11), "never more than the capacity buffered: " + sizes);
    }

    @Test
    void aTransientFailureIsRetriedWithoutLosingOrDuplicatingRecords() {
        FakeStreamReader a = reader("a", 30).failOnRead(2, new IOException("connection reset"));
        start(settings(NEVER, 10, 100, Duration.ofMillis(40)), a);

        List<SourceRecord> records = take(engine, 30);

        assertEquals(expected("a", 0, 30), values(records));
        assertEquals(longsFrom(1, 30), positions(records));
        assertEquals(List.of(0L, 10L, 10L, 20L), a.calls().stream().map(FakeStreamReader.Call::cursor).toList());
        assertEquals(1, metrics.stream("a").errors());
    }

    private static List<Object> longsFrom(long from, long to) {
        List<Object> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void anUnavailableStreamIsParkedWhileOthersKeepFlowing() {
        FakeStreamReader gone = reader("gone", 5).failAlways(new StreamUnavailableException("deleted", null));
        FakeStreamReader b = reader("b", 5);
        start(settings(Duration.ofMillis(30), 10, 100, NEVER), gone, b);

        assertEquals(expected("b", 0, 5), values(take(engine, 5)));
        b.append(5);
        assertEquals(expected("b", 5, 10), values(take(engine, 5)));
        await().atMost(WAIT).until(() -> b.reads.get() >= 4);

        assertEquals(1, gone.reads.get(), "parked for errorBackoffMax, not retried at the poll interval");
        assertEquals(1, metrics.stream("gone").errors());
    }

    @Test
    void aConnectExceptionFromAReaderIsThrownByPoll() {
        start(settings(NEVER, 10, 100, NEVER), reader("a", 5).failAlways(new ConnectException("token rejected")));

        ConnectException[] thrown = new ConnectException[1];
        await().atMost(WAIT).until(() -> {
            try {
                engine.poll();
                return false;
            } catch (ConnectException e) {
                thrown[0] = e;
                return true;
            }
        });
        assertEquals("token rejected", thrown[0].getMessage());
        assertThrows(ConnectException.class, engine::poll, "it stays failed");
    }

    @Test
    void aMalformedStoredOffsetFailsStartNamingTheStream() {
        FakeOffsetStorageReader offsets = new FakeOffsetStorageReader()
            .put(SourcePartitions.of("fake", "http://fake:1", "stream-7", 3), Map.of("pos", "yesterday"));
        engine = new SourceEngine<>(label, "fake", "http://fake:1", codec, settings(NEVER, 10, 100, NEVER),
            metrics);

        ConnectException e = assertThrows(ConnectException.class,
            () -> engine.start(List.of(reader("ok", 1), reader("stream-7", 1)), offsets));

        assertTrue(e.getMessage().contains("'stream-7'"), e.getMessage());
        assertTrue(e.getMessage().contains("field 'pos' must be a number"), e.getMessage());
        assertTrue(e.getMessage().contains("/offsets"), e.getMessage());
    }

    @Test
    void closeStopsTheFetchThreadWhileItIsBlockedOnAFullBuffer() {
        start(settings(NEVER, 50, 2, NEVER), reader("a", 100));
        Thread fetcher = fetchThread();
        await().atMost(WAIT).until(() -> blockedOnPut(fetcher));

        engine.close();

        assertFalse(fetcher.isAlive());
    }

    @Test
    void closeStopsAnIdleFetchThread() {
        start(settings(NEVER, 10, 10, NEVER), reader("a", 0));
        Thread fetcher = fetchThread();
        await().atMost(WAIT).until(() -> fetcher.getState() == Thread.State.TIMED_WAITING);

        engine.close();

        assertFalse(fetcher.isAlive());
    }

    @Test
    void pollReturnsNullWhenNothingArrives() throws InterruptedException {
        FakeStreamReader a = reader("a", 0);
        start(settings(NEVER, 10, 10, NEVER), a);
        await().atMost(WAIT).until(() -> a.reads.get() == 1);

        assertNull(engine.poll());
        assertNotNull(engine.cursor("a"));
        assertNull(engine.cursor("unknown"));
    }
}
