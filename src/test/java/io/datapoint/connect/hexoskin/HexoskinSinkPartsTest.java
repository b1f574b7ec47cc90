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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        HexoskinWriter w = new HexoskinWriter("test", client, false, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)), metrics);
        List<HexoskinSinkPoint> batch = List.of(new HexoskinSinkPoint(1000, null, 19, "a"),
            new HexoskinSinkPoint(2000, null, null, "b"), new HexoskinSinkPoint(2000, null, null, "b2"));
        w.write(Long.toString(ann), batch);
        w.write(Long.toString(ann), batch);
        assertEquals(3, sim.annotations().size());
        assertEquals(3, metrics.counter(HexoskinWriter.DUPLICATES_METRIC, "user", Long.toString(ann)));
    }

    @Test
    void aLostAnswerIsCheckedBeforeSendingAgain() throws Exception {
        HexoskinWriter w = new HexoskinWriter("test", client, false, new UnknownOutcomeRetries(3, Duration.ofMillis(10),
            Duration.ofMillis(50)), metrics);
        sim.dropResponseOfNext(1, "POST", "/api/annotation/");
        sim.failNext(1, "POST", "/api/annotation/", 503);
        w.write(Long.toString(ann), List.of(new HexoskinSinkPoint(5000, null, null, "lost"),
            new HexoskinSinkPoint(6000, null, null, "refused once")));
        assertEquals(2, sim.annotations().size());
        long posts = sim.calls().stream().filter(c -> c.method().equals("POST")).count();
        assertEquals(3, posts, "the lost create is not sent again; the 503 one is");
    }

    @Test
    void refusedContentIsARejectedBatch() {
        long other = sim.createUser("zed@example.com", "z");
        HexoskinWriter w = new HexoskinWriter("test", client, false, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)), metrics);
        RejectedBatchException e = assertThrows(RejectedBatchException.class, () -> w.write(Long.toString(other),
            List.of(new HexoskinSinkPoint(5000, null, null, "x"))));
        assertTrue(e.getMessage().contains("user " + other), e.getMessage());
        assertThrows(RejectedBatchException.class, () -> w.write(Long.toString(ann),
            List.of(new HexoskinSinkPoint(5000, null, 999_999, "x"))));
    }

    @Test
    void rangesAreComparedByStartEndAndName() throws Exception {
        HexoskinWriter w = new HexoskinWriter("test", client, true, new UnknownOutcomeRetries(2, Duration.ofMillis(10),
            Duration.ofMillis(50)), metrics);
        List<HexoskinSinkPoint> batch = List.of(new HexoskinSinkPoint(1000, 2000L, null, "run"),
            new HexoskinSinkPoint(1000, 3000L, null, "run"));
        w.write(Long.toString(ann), batch);
        w.write(Long.toString(ann), batch);
        assertEquals(2, sim.ranges().size());
    }
}
