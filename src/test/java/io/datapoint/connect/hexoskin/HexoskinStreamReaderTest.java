package io.datapoint.connect.hexoskin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The change-feed reader against the simulator, without Kafka: exactness, late syncs, the cap, restarts. */
class HexoskinStreamReaderTest {

    private static final long T0 = 1_700_000_000L * 256;
    private static final HexoskinDatatype HR = new HexoskinDatatype(19, "heart_rate", 1.0);
    private static final HexoskinDatatype RR = new HexoskinDatatype(18, "rr_interval", null);

    private HexoskinSimulator sim;
    private HttpTransport transport;
    private HexoskinClient client;
    private long user;
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);
    private final HexoskinOffsets codec = new HexoskinOffsets();

    @BeforeEach
    void start() {
        sim = HexoskinSimulator.start();
        user = sim.createUser("ann@example.com", "pw");
        sim.apiKey("key", "secret");
        transport = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
            List.of(new HexoskinSigner("key", new Password("secret"), "ann@example.com", new Password("pw"))),
            HttpObserver.NONE);
        client = new HexoskinClient(sim.baseUrl(), transport);
    }

    @AfterEach
    void stop() {
        transport.close();
        sim.close();
    }

    private HexoskinStreamReader reader(HexoskinDatatype d, int maxValues) {
        return new HexoskinStreamReader("test", client, user, d, new HexoskinRecords(user, d, "t", 256), maxValues,
            256, false, metrics);
    }

    /** Reads until caught up, collecting tick → value; returns the last item cursor (or the given one). */
    private HexoskinCursor drain(HexoskinStreamReader r, HexoskinCursor from, int batch, Map<Long, Double> out,
                                 List<Long> order) throws Exception {
        HexoskinCursor c = from;
        for (int i = 0; i < 10_000; i++) {
            ReadBatch<HexoskinCursor> b = r.readAfter(c, batch);
            for (ReadItem<HexoskinCursor> item : b.items()) {
                Struct v = (Struct) item.content().value();
                Double prev = out.put(v.getInt64("tick"), v.getFloat64("value"));
                assertEquals(null, prev, "tick " + v.getInt64("tick") + " delivered twice");
                order.add(v.getInt64("tick"));
                // every offset survives the codec round trip
                assertEquals(item.cursor(), codec.decode(codec.encode(item.cursor())));
                c = item.cursor();
            }
            if (!b.more() && b.items().isEmpty()) {
                return c;
            }
        }
        throw new AssertionError("did not catch up");
    }

    @Test
    void backfillOverSeveralRecordsDeliversEachSampleOnceWithExactValues() throws Exception {
        for (int k = 0; k < 3; k++) {
            long start = T0 + k * 3600L * 256;
            sim.syncRecord(user, start, 256, 1000, new int[] {19, 33}, (d, i) -> d * 1000.0 + i + 0.25);
        }
        Map<Long, Double> got = new TreeMap<>();
        drain(reader(HR, 65_536), HexoskinCursor.beginning(), 700, got, new ArrayList<>());
        assertEquals(sim.samples(user, 19), got);
        assertEquals(3000, got.size());
    }

    @Test
    void lateSyncedRecordWithPastTicksIsDeliveredThroughTheFeedAndNothingElseRepeats() throws Exception {
        sim.syncRecord(user, T0 + 7200L * 256, 256, 500, new int[] {19}, (d, i) -> (double) i);
        Map<Long, Double> got = new TreeMap<>();
        List<Long> order = new ArrayList<>();
        HexoskinStreamReader r = reader(HR, 65_536);
        HexoskinCursor c = drain(r, HexoskinCursor.beginning(), 1000, got, order);
        assertEquals(500, got.size());
        // a recording made an hour earlier syncs now
        sim.syncRecord(user, T0 + 3600L * 256, 256, 300, new int[] {19}, (d, i) -> 1000.0 + i);
        c = drain(r, c, 1000, got, order);
        assertEquals(sim.samples(user, 19), got);
        assertEquals(800, order.size());
        drain(r, c, 1000, got, order);
        assertEquals(800, order.size(), "nothing more once caught up");
    }

    @Test
    void recordStillSyncingDeliversItsNewSamplesWhenModifiedAgain() throws Exception {
        long rec = sim.createRecord(user, T0, T0 + 99 * 256, "syncing");
        sim.preload(user, 19, T0, 256, 100, i -> i);
        Map<Long, Double> got = new TreeMap<>();
        List<Long> order = new ArrayList<>();
        HexoskinStreamReader r = reader(HR, 65_536);
        HexoskinCursor c = drain(r, HexoskinCursor.beginning(), 1000, got, order);
        assertEquals(100, got.size());
        sim.preload(user, 19, T0 + 100 * 256, 256, 50, i -> 100 + i);
        sim.updateRecord(rec, T0 + 149 * 256, "complete");
        // a fresh reader (a restart) from the stored offset
        drain(reader(HR, 65_536), codec.decode(codec.encode(c)), 1000, got, order);
        assertEquals(sim.samples(user, 19), got);
        assertEquals(150, order.size());
    }

    @Test
    void windowsStayUnderTheCapAndASubsampledAnswerIsSplit() throws Exception {
        sim.maxValues(1000);
        // 1 Hz: windows of 999 samples never reach the cap
        sim.syncRecord(user, T0, 256, 5000, new int[] {19}, (d, i) -> (double) i);
        // irregular signal: no rate to size windows by, so the first answer is subsampled and split
        sim.preload(user, 18, T0, 64, 5000 * 4, i -> i / 1000.0);
        Map<Long, Double> hr = new TreeMap<>();
        drain(reader(HR, 1000), HexoskinCursor.beginning(), 10_000, hr, new ArrayList<>());
        assertEquals(sim.samples(user, 19), hr);
        Map<Long, Double> rr = new TreeMap<>();
        drain(reader(RR, 1000), HexoskinCursor.beginning(), 100_000, rr, new ArrayList<>());
        assertEquals(sim.samples(user, 18).headMap(T0 + 4999L * 256, true), rr);
        assertTrue(metrics.counter(HexoskinStreamReader.SPLITS_METRIC, "stream", user + "/18") > 0);
        assertEquals(0, metrics.counter(HexoskinStreamReader.SPLITS_METRIC, "stream", user + "/19"),
            "windows sized from the datatype's rate never reach the cap");
    }

    @Test
    void recordsModifiedInTheSameSecondAreAllReadAndRestartsMidRecordRepeatNothing() throws Exception {
        sim.clock(Clock.fixed(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), ZoneOffset.UTC));
        for (int k = 0; k < 5; k++) {
            sim.syncRecord(user, T0 + k * 1000L * 256, 256, 400, new int[] {19}, (d, i) -> (double) i);
        }
        Map<Long, Double> got = new TreeMap<>();
        List<Long> order = new ArrayList<>();
        HexoskinCursor c = HexoskinCursor.beginning();
        // restart after every batch of 150: each read starts from the decoded offset in a fresh reader
        for (int i = 0; i < 100; i++) {
            HexoskinStreamReader r = reader(HR, 65_536);
            ReadBatch<HexoskinCursor> b = r.readAfter(codec.decode(codec.encode(c)), 150);
            for (ReadItem<HexoskinCursor> item : b.items()) {
                Struct v = (Struct) item.content().value();
                assertEquals(null, got.put(v.getInt64("tick"), v.getFloat64("value")));
                c = item.cursor();
            }
            if (b.items().isEmpty()) {
                break;
            }
        }
        assertEquals(sim.samples(user, 19), got);
        assertEquals(5, c.done().size(), "all five records, sharing one last_modified second, were read");
    }

    @Test
    void aServerWhoseEndIsExclusiveLosesNothing() throws Exception {
        sim.dataEndInclusive(false);
        sim.maxValues(100);
        sim.syncRecord(user, T0, 256, 1000, new int[] {19}, (d, i) -> (double) i);
        Map<Long, Double> got = new TreeMap<>();
        drain(reader(HR, 100), HexoskinCursor.beginning(), 64, got, new ArrayList<>());
        assertEquals(sim.samples(user, 19), got);
    }

    @Test
    void aRecordDeletedWhileBeingReadIsSkippedAndTheNextOneIsRead() throws Exception {
        long gone = sim.syncRecord(user, T0, 256, 300, new int[] {19}, (d, i) -> (double) i);
        // windows of 99 samples, so the first read stops inside the record
        HexoskinStreamReader r = reader(HR, 100);
        ReadBatch<HexoskinCursor> first = r.readAfter(HexoskinCursor.beginning(), 50);
        assertEquals(gone, first.items().get(first.items().size() - 1).cursor().rec());
        sim.deleteRecord(gone);
        sim.syncRecord(user, T0 + 10_000L * 256, 256, 50, new int[] {19}, (d, i) -> 500.0 + i);
        Map<Long, Double> got = new TreeMap<>();
        drain(r, first.items().get(first.items().size() - 1).cursor(), 1000, got, new ArrayList<>());
        assertEquals(50, got.size(), "the deleted record is skipped, the next one is read");
        assertTrue(got.values().stream().allMatch(v -> v >= 500));
    }

    @Test
    void aReadThatFailsAfterTakingRecordsOffTheFeedLosesNoneOfThem() throws Exception {
        Instant base = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(10);
        for (int k = 0; k < 4; k++) {
            // each record modified in its own second
            sim.clock(Clock.fixed(base.plusSeconds(k), ZoneOffset.UTC));
            sim.syncRecord(user, T0 + k * 1000L * 256, 256, 200, new int[] {19}, (d, i) -> (double) i);
        }
        sim.clock(null);
        HexoskinStreamReader r = reader(HR, 65_536);
        // the first record's data is read, the second's fails: the whole read fails and is tried again
        sim.delayNext(1, "GET", "/api/data/", java.time.Duration.ZERO);
        sim.failNext(1, "GET", "/api/data/", 503);
        Map<Long, Double> got = new TreeMap<>();
        HexoskinCursor c = HexoskinCursor.beginning();
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> r.readAfter(c, 10_000));
        drain(r, c, 10_000, got, new ArrayList<>());
        assertEquals(sim.samples(user, 19), got);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedByTheTransportAndLoseNothing() throws Exception {
        sim.syncRecord(user, T0, 256, 500, new int[] {19}, (d, i) -> (double) i);
        try (HttpTransport retrying = new HttpTransport(HttpSettings.builder().maxRetries(4)
            .retryBackoffInitial(java.time.Duration.ofMillis(5)).build(), List.of(new HexoskinSigner("key",
                new Password("secret"), "ann@example.com", new Password("pw"))), HttpObserver.NONE)) {
            HexoskinClient c = new HexoskinClient(sim.baseUrl(), retrying);
            HexoskinStreamReader r = new HexoskinStreamReader("test", c, user, HR, new HexoskinRecords(user, HR, "t",
                256), 100, 256, false, metrics);
            sim.throttleNext(1, "GET", "/api/record/", 1);
            sim.failNext(2, "GET", "/api/data/", 503);
            Map<Long, Double> got = new TreeMap<>();
            drain(r, HexoskinCursor.beginning(), 1000, got, new ArrayList<>());
            assertEquals(sim.samples(user, 19), got);
            assertTrue(sim.calls().stream().anyMatch(x -> x.status() == 429));
        }
    }

    @Test
    void lateAnswersResetsAndTruncatedBodiesAreRetriedAndLoseNothing() throws Exception {
        try (HttpTransport retrying = new HttpTransport(HttpSettings.builder().maxRetries(6)
            .readTimeout(java.time.Duration.ofSeconds(1)).retryBackoffInitial(java.time.Duration.ofMillis(5))
            .build(), List.of(new HexoskinSigner("key", new Password("secret"), "ann@example.com",
                new Password("pw"))), HttpObserver.NONE)) {
            HexoskinClient c = new HexoskinClient(sim.baseUrl(), retrying);
            HexoskinStreamReader r = new HexoskinStreamReader("test", c, user, HR, new HexoskinRecords(user, HR, "t",
                256), 100, 256, false, metrics);
            Map<Long, Double> got = new TreeMap<>();
            HexoskinCursor cur = HexoskinCursor.beginning();
            for (int phase = 0; phase < 3; phase++) {
                sim.syncRecord(user, T0 + phase * 1000L * 256, 256, 150, new int[] {19}, (d, i) -> (double) i);
                switch (phase) {
                    case 0 -> sim.delayNext(3, null, "/api/", java.time.Duration.ofMillis(1500));
                    case 1 -> sim.resetNext(3, null, "/api/");
                    default -> sim.truncateNext(3, null, "/api/");
                }
                cur = drain(r, cur, 1000, got, new ArrayList<>());
                assertEquals(0, sim.pendingFaults(), "phase " + phase);
                assertEquals(sim.samples(user, 19), got, "phase " + phase);
            }
        }
    }
}
