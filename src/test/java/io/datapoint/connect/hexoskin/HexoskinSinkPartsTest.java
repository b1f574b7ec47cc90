package io.datapoint.connect.hexoskin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.RecordMapper;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.core.sink.UnknownOutcomeRetries;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink's record mapping, and the writer's checks against what is stored, against the simulator. */
class HexoskinSinkPartsTest {

    private static final Schema VALUE = SchemaBuilder.struct().field("user", Schema.INT64_SCHEMA)
        .field("t", Schema.INT64_SCHEMA).field("text", Schema.STRING_SCHEMA).build();
    private HexoskinSimulator sim;
    private HttpTransport transport;
    private HexoskinClient client;
    private long ann;
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);

    @BeforeEach
    void start() {
        sim = HexoskinSimulator.start();
        ann = sim.createUser("ann@example.com", "pw");
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

    private static HexoskinSinkConfig config(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("hexoskin.user.field", "user");
        p.put("data.field", "text");
        p.put("time.field", "t");
        p.put("time.field.unit", "milliseconds");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return new HexoskinSinkConfig(p);
    }

    private static SinkRecord record(long user, long t, String text) {
        Struct v = new Struct(VALUE).put("user", user).put("t", t).put("text", text);
        return new SinkRecord("notes", 0, null, null, VALUE, v, 0);
    }

    @Test
    void recordsMapToTicksUserAndText() throws Exception {
        HexoskinSinkRecords m = new HexoskinSinkRecords(config(), 19);
        RecordMapper.Mapped<HexoskinSinkPoint> a = m.map(record(7, 1_704_067_200_500L, "hello"));
        assertEquals("7", a.target());
        assertEquals(new HexoskinSinkPoint(1_704_067_200_500L * 256 / 1000, null, 19, "hello"), a.point());
        HexoskinSinkRecords ranges = new HexoskinSinkRecords(config("hexoskin.sink.resource", "range",
            "range.duration.ms", "2000"), null);
        HexoskinSinkPoint r = ranges.map(record(7, 1_000_000L, "run")).point();
        assertEquals(512, r.end() - r.start());
        assertThrows(BadRecordException.class, () -> m.map(record(7, -1000, "x")));
        assertThrows(BadRecordException.class, () -> m.map(record(7, 1000, "x".repeat(1025))));
        assertTrue(m.map(new SinkRecord("notes", 0, null, null, null, null, 0)).skipped(), "tombstones skipped");
    }

    @Test
    void aBatchWrittenAgainCreatesNothingTwice() throws Exception {
        HexoskinWriter w = writer(false, 200, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        List<HexoskinSinkPoint> batch = List.of(new HexoskinSinkPoint(1000, null, 19, "a"),
            new HexoskinSinkPoint(2000, null, null, "b"), new HexoskinSinkPoint(2000, null, null, "b2"));
        w.write(Long.toString(ann), batch);
        w.write(Long.toString(ann), batch);
        assertEquals(3, sim.annotations().size());
        assertEquals(3, metrics.counter(HexoskinWriter.DUPLICATES_METRIC, "user", Long.toString(ann)));
    }

    @Test
    void aLostAnswerIsCheckedBeforeSendingAgain() throws Exception {
        HexoskinWriter w = writer(false, 1, new UnknownOutcomeRetries(3, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        sim.dropResponseOfNext(1, "PATCH", "/api/annotation/");
        sim.failNext(1, "PATCH", "/api/annotation/", 503);
        w.write(Long.toString(ann), List.of(new HexoskinSinkPoint(5000, null, null, "lost"),
            new HexoskinSinkPoint(6000, null, null, "refused once")));
        assertEquals(2, sim.annotations().size());
        assertEquals(3, count("PATCH"), "the lost write is not sent again; the 503 one is");
        assertEquals(1, metrics.counter(HexoskinWriter.DUPLICATES_METRIC, "user", Long.toString(ann)));
    }

    @Test
    void aBatchGoesOutInBulkRequestsOfTheConfiguredSize() throws Exception {
        HexoskinWriter w = writer(false, 200, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        w.write(Long.toString(ann), points(0, 450, "n"));
        assertEquals(450, sim.annotations().size());
        assertEquals(3, count("PATCH"), "200 + 200 + 50");
        assertEquals(0, count("POST"));
        assertEquals(1, count("GET"), "one look at what is stored, one page of up to 1000");
        assertEquals(Set.of(202), sim.calls().stream().filter(c -> c.method().equals("PATCH")).map(
            HexoskinSimulator.Call::status).collect(Collectors.toSet()));
        sim.bulkReturnsData(true);
        w.write(Long.toString(ann), points(450, 10, "n"));
        assertEquals(460, sim.annotations().size(), "a 202 with the objects as body is as good as one without");
    }

    @Test
    void aBulkRequestStoredButUnansweredIsNotSentAgain() throws Exception {
        HexoskinWriter w = writer(false, 100, new UnknownOutcomeRetries(3, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        List<HexoskinSinkPoint> batch = points(0, 250, "n");
        w.write(Long.toString(ann), batch.subList(0, 100));
        // the batch again: its first request is stored and its answer lost, the next fails with 503 unprocessed
        sim.dropResponseOfNext(1, "PATCH", "/api/annotation/");
        sim.failNext(1, "PATCH", "/api/annotation/", 503);
        w.write(Long.toString(ann), batch);
        assertEquals(250, sim.annotations().size(), "no duplicates, nothing missing");
        assertEquals(250, sim.annotations().stream().map(a -> a.path("annotation").asText()).distinct().count());
        assertEquals(0, sim.pendingFaults());
        // 100 found before the batch, 100 of the lost request found when looking
        assertEquals(200, metrics.counter(HexoskinWriter.DUPLICATES_METRIC, "user", Long.toString(ann)));
    }

    @Test
    void aRefusedBulkRequestFindsTheBadRecordsOneByOneAndWritesTheRest() throws Exception {
        sim.refuseAnnotationsContaining("poison");
        HexoskinWriter w = writer(false, 50, new UnknownOutcomeRetries(3, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        List<HexoskinSinkPoint> batch = new ArrayList<>(points(0, 120, "n"));
        batch.set(7, new HexoskinSinkPoint(batch.get(7).start(), null, null, "poison 7"));
        batch.set(77, new HexoskinSinkPoint(batch.get(77).start(), null, null, "poison 77"));
        // a per-object create in the search loses its answer: looked for, not sent twice
        sim.dropResponseOfNext(1, "POST", "/api/annotation/");
        Map<String, String> bad = new LinkedHashMap<>();
        writeBisecting(w, Long.toString(ann), batch, bad);
        assertEquals(List.of("poison 7", "poison 77"), List.copyOf(bad.keySet()), "exactly the culprits reported");
        assertTrue(bad.get("poison 7").contains("annotation"), bad.toString());
        assertEquals(118, sim.annotations().size());
        assertEquals(118, sim.annotations().stream().map(a -> a.path("annotation").asText()).distinct().count());
        // two refused requests of 50 searched one by one (the lost answer looked for, not sent again); the
        // bisection that follows finds the rest stored and the culprits remembered, and sends nothing
        assertEquals(100, count("POST"));
        assertEquals(3, count("PATCH"));
    }

    @Test
    void aServerWithoutBulkWritesGetsOneCreatePerObject() throws Exception {
        sim.disallowBulk();
        HexoskinWriter w = writer(false, 200, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        w.write(Long.toString(ann), points(0, 5, "n"));
        w.write(Long.toString(ann), points(5, 5, "n"));
        assertEquals(10, sim.annotations().size());
        assertEquals(1, count("PATCH"), "asked once");
        assertEquals(10, count("POST"));
    }

    /** Bisects as the sink engine does, collecting each record refused alone: text to message. */
    private static void writeBisecting(HexoskinWriter w, String target, List<HexoskinSinkPoint> batch,
                                       Map<String, String> bad) throws Exception {
        try {
            w.write(target, batch);
        } catch (RejectedBatchException e) {
            if (batch.size() == 1) {
                bad.put(batch.get(0).text(), e.getMessage());
                return;
            }
            int half = batch.size() / 2;
            writeBisecting(w, target, batch.subList(0, half), bad);
            writeBisecting(w, target, batch.subList(half, batch.size()), bad);
        }
    }

    private static List<HexoskinSinkPoint> points(int from, int n, String prefix) {
        List<HexoskinSinkPoint> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new HexoskinSinkPoint(1_000_000L + i * 256L, null, 19, prefix + " " + i));
        }
        return out;
    }

    private long count(String method) {
        return sim.calls().stream().filter(c -> c.method().equals(method)).count();
    }

    private HexoskinWriter writer(boolean ranges, int bulkMax, UnknownOutcomeRetries retries) {
        return new HexoskinWriter("test", client, ranges, bulkMax, retries, metrics);
    }

    @Test
    void refusedContentIsARejectedBatch() {
        long other = sim.createUser("zed@example.com", "z");
        HexoskinWriter w = writer(false, 200, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        RejectedBatchException e = assertThrows(RejectedBatchException.class, () -> w.write(Long.toString(other),
            List.of(new HexoskinSinkPoint(5000, null, null, "x"))));
        assertTrue(e.getMessage().contains("user " + other), e.getMessage());
        assertThrows(RejectedBatchException.class, () -> w.write(Long.toString(ann),
            List.of(new HexoskinSinkPoint(5000, null, 999_999, "x"))));
    }

    @Test
    void rangesAreComparedByStartEndAndName() throws Exception {
        HexoskinWriter w = writer(true, 200, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)));
        List<HexoskinSinkPoint> batch = List.of(new HexoskinSinkPoint(1000, 2000L, null, "run"),
            new HexoskinSinkPoint(1000, 3000L, null, "run"));
        w.write(Long.toString(ann), batch);
        w.write(Long.toString(ann), batch);
        assertEquals(2, sim.ranges().size());
    }
}
