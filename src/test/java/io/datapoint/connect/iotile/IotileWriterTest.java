package io.datapoint.connect.iotile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.iotile.sim.IotileSimulator;
import io.datapoint.connect.iotile.sim.SimRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IOTile writer against the simulator: lost answers, redelivery, refused readings. */
class IotileWriterTest {

    private static final String PROJECT = "p--0000-0030";
    private static IotileSimulator sim;
    private static IotileConnection.Transports transports;
    private static IotileWriter writer;
    private static final ConnectorMetrics metrics = new ConnectorMetrics(null);

    @BeforeAll
    static void start() {
        sim = IotileSimulator.start();
        sim.createUser("w@example.com", "pw");
        sim.createProject("w@example.com", PROJECT, "writer");
        transports = IotileConnection.transports(new IotileSinkConfig(Map.of("iotile.url", sim.baseUrl(),
            "iotile.email", "w@example.com", "iotile.password", "pw", "iotile.stream",
            "s--0000-0030--0000-0000-0000-0000--5001", "http.retry.backoff.ms", "10")), HttpObserver.NONE);
        writer = new IotileWriter("test", new IotileClient(sim.baseUrl(), transports.api()), metrics, 5,
            Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        transports.close();
        sim.close();
    }

    private static List<IotileSinkPoint> points(long firstSecond, int n) {
        List<IotileSinkPoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new IotileSinkPoint((firstSecond + i / 2) * 1_000_000L + i * 1000L, LongNode.valueOf(i % 3)));
        }
        return out;
    }

    private static String slug(String variable) {
        return "s--0000-0030--0000-0000-0000-0000--" + variable;
    }

    @Test
    void aPostWhoseAnswerIsLostIsRecognisedAndNotSentAgain() throws Exception {
        String s = slug("5001");
        sim.storeThenDropNext(1, "POST", "/api/v1/data/");
        writer.write(s, points(1_700_000_000L, 40));
        assertEquals(40, sim.data(s).size());
        assertEquals(1, sim.calls().stream().filter(c -> c.method().equals("POST") && c.path().equals("/api/v1/data/")
            && c.body().contains(s)).count(), "posted once");
        assertTrue(metrics.counter(IotileWriter.ALREADY_WRITTEN_METRIC, "stream", s) >= 40);
    }

    @Test
    void aBatchWrittenAgainStoresNothingTwiceButAPartlyWrittenOneIsCompleted() throws Exception {
        String s = slug("5002");
        List<IotileSinkPoint> batch = points(1_700_000_100L, 30);
        writer.write(s, batch.subList(0, 10));
        writer.write(s, batch);
        writer.write(s, batch);
        List<SimRow> rows = sim.data(s);
        assertEquals(30, rows.size());
        assertEquals(batch.get(29).micros(), rows.get(29).timestamp().getEpochSecond() * 1_000_000L
            + rows.get(29).timestamp().getNano() / 1000, "microseconds are kept");
    }

    @Test
    void aValueIotileRefusesIsARejectedBatchWithItsFieldErrors() {
        String s = slug("5003");
        RejectedBatchException e = assertThrows(RejectedBatchException.class, () -> writer.write(s,
            List.of(new IotileSinkPoint(1_700_000_000_000_000L, TextNode.valueOf("high")))));
        assertEquals("IOTile Cloud refused the readings for " + s + ": int_value: A valid integer is required.",
            e.getMessage());
        RejectedBatchException missing = assertThrows(RejectedBatchException.class, () -> writer.write(
            "s--0000-0099--0000-0000-0000-0000--5001", points(1_700_000_000L, 1)));
        assertTrue(missing.getMessage().contains("no project or device"), missing.getMessage());
    }

    @Test
    void eachStoredReadingMatchesOnePointOfEqualSecondAndValue() {
        List<IotileSinkPoint> p = List.of(new IotileSinkPoint(5_000_000L, LongNode.valueOf(1)),
            new IotileSinkPoint(5_500_000L, LongNode.valueOf(1)), new IotileSinkPoint(5_900_000L, LongNode.valueOf(2)),
            new IotileSinkPoint(6_000_000L, LongNode.valueOf(1)));
        Map<Long, Map<Long, Integer>> stored = new HashMap<>();
        stored.put(5L, new HashMap<>(Map.of(1L, 1)));
        assertEquals(List.of(p.get(1), p.get(2), p.get(3)), IotileWriter.plan(p, stored));
    }
}
