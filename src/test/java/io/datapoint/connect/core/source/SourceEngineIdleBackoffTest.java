package io.datapoint.connect.core.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The idle backoff of {@link SourceEngine}: quiet streams are read less often, and nothing is missed for it. */
class SourceEngineIdleBackoffTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration HOUR = Duration.ofHours(1);

    private final List<SourceRecord> delivered = new CopyOnWriteArrayList<>();
    private SourceEngine<Long> engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    /** A fake stream that notes when each read started. */
    private static final class TimedReader implements StreamReader<Long> {
        final FakeStreamReader stream;
        final List<Long> readAt = new CopyOnWriteArrayList<>();

        TimedReader(String id, int count) {
            stream = new FakeStreamReader(id, count);
        }

        @Override
        public String streamId() {
            return stream.streamId();
        }

        @Override
        public Long initialCursor() {
            return stream.initialCursor();
        }

        @Override
        public ReadBatch<Long> readAfter(Long cursor, int maxRecords) throws IOException {
            readAt.add(System.nanoTime());
            return stream.readAfter(cursor, maxRecords);
        }

        int reads() {
            return readAt.size();
        }

        /** Milliseconds between read {@code i - 1} and read {@code i}. */
        long gapMillis(int i) {
            return TimeUnit.NANOSECONDS.toMillis(readAt.get(i) - readAt.get(i - 1));
        }
    }

    private TimedReader start(Duration poll, Duration idleMax, Duration pushIdleMax, TimedReader reader) {
        SourceEngineSettings settings = new SourceEngineSettings(poll, 100, 1_000, Duration.ofMillis(20), HOUR,
            idleMax, pushIdleMax);
        engine = new SourceEngine<>("backoff", "fake", "http://fake:1", new FakeStreamReader.Codec(), settings,
            new ConnectorMetrics(null));
        engine.start(List.of(reader), new FakeOffsetStorageReader());
        return reader;
    }

    private void awaitDelivered(int n) {
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            List<SourceRecord> batch = engine.poll();
            if (batch != null) {
                delivered.addAll(batch);
            }
            return delivered.size() >= n;
        });
    }

    private List<Object> deliveredValues() {
        return delivered.stream().map(SourceRecord::value).toList();
    }

    private static List<Object> expected(int to) {
        return IntStream.range(0, to).mapToObj(i -> (Object) ("a:" + i)).toList();
    }

    @Test
    void emptyReadsDoubleTheWaitUpToTheCeilingAndDataBringsItBack() {
        TimedReader a = start(Duration.ofMillis(40), Duration.ofMillis(320), Duration.ofMillis(320),
            new TimedReader("a", 1));
        awaitDelivered(1);
        // read 1 found the datapoint; reads 2.. find nothing and wait 40, 80, 160, 320, 320 ms after each
        await().atMost(WAIT).until(() -> a.reads() >= 7);
        long[] least = {40, 40, 80, 160, 320, 320};
        for (int i = 1; i < 7; i++) {
            long gap = a.gapMillis(i);
            assertTrue(gap >= least[i - 1] - 5, "gap before read " + (i + 1) + " was " + gap + " ms");
        }
        assertTrue(a.gapMillis(6) < 320 + 2_000, "the wait stays at the ceiling");

        a.stream.append(2);
        awaitDelivered(3);
        int afterData = a.reads();
        await().atMost(WAIT).until(() -> a.reads() >= afterData + 2);
        // the read that found data is followed by one at the poll interval, not the ceiling
        assertTrue(a.gapMillis(afterData) < 300, "gap after data was " + a.gapMillis(afterData) + " ms");
        assertEquals(expected(3), deliveredValues());
    }

    @Test
    void aWakeEndsTheBackoffAndNothingIsMissed() {
        TimedReader a = start(Duration.ofMillis(20), HOUR, HOUR, new TimedReader("a", 2));
        awaitDelivered(2);
        // 20, 40, 80, 160, 320 ms... within a few seconds it waits longer than the test
        await().atMost(WAIT).until(() -> a.reads() >= 8);

        a.stream.append(3);
        engine.wake("a");
        awaitDelivered(5);
        int afterWake = a.reads();
        await().atMost(WAIT).until(() -> a.reads() >= afterWake + 2);
        assertTrue(a.gapMillis(afterWake) < 1_000, "gap after the wake was " + a.gapMillis(afterWake) + " ms");
        assertEquals(expected(5), deliveredValues());
    }

    @Test
    void whilePushIsConnectedIdleStreamsWaitForThePushCeilingAndPollAgainWhenItDrops() {
        TimedReader a = start(Duration.ofMillis(20), Duration.ofMillis(80), HOUR, new TimedReader("a", 1));
        engine.pushConnected();
        awaitDelivered(1);
        await().atMost(WAIT).until(() -> a.reads() >= 8);
        // past 20 * 2^7 ms the next empty read is an hour away: the stream goes quiet
        int quiet = a.reads();
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> a.reads() <= quiet + 2);

        a.stream.append(1);
        engine.pushDisconnected();
        awaitDelivered(2);
        int before = a.reads();
        await().atMost(WAIT).until(() -> a.reads() >= before + 3);
        List<Long> gaps = new ArrayList<>();
        for (int i = before; i < a.reads(); i++) {
            gaps.add(a.gapMillis(i));
        }
        assertTrue(gaps.stream().allMatch(g -> g < 80 + 2_000), "waits after push dropped: " + gaps);
        assertEquals(expected(2), deliveredValues());
    }
}
