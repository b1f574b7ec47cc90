package io.datapoint.connect.heedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.datapoint.connect.core.http.BearerTokenAuth;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.StreamUnavailableException;
import io.datapoint.connect.heedy.sim.Datapoint;
import io.datapoint.connect.heedy.sim.HeedySimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heedy stream reader against the heedy simulator: paging, start positions, back-fill windows, failures. */
class HeedyStreamReaderTest {

    private static HeedySimulator heedy;
    private static HttpTransport transport;
    private static HeedyClient client;

    @BeforeAll
    static void start() {
        heedy = HeedySimulator.start();
        heedy.setAuthFailureDelay(Duration.ZERO);
        String token = heedy.createApp("dora", false);
        transport = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
            List.of(new BearerTokenAuth(new Password(token))), HttpObserver.NONE);
        client = new HeedyClient(heedy.baseUrl(), transport);
    }

    @AfterAll
    static void stop() {
        transport.close();
        heedy.close();
    }

    private static HeedyStreamReader reader(String id, String start) throws Exception {
        HeedyObject object = client.object(id);
        return new HeedyStreamReader("test", client, object, new HeedyRecords(object, "t", true),
            StartPosition.parse(start));
    }

    private static String object(int points, double startT) {
        String id = heedy.createTimeseries("dora", null, "o", null, null,
            HeedyClient.JSON.createObjectNode().put("type", "number"));
        heedy.preload(id, points, startT, 1);
        return id;
    }

    private static List<Double> times(List<ReadItem<HeedyCursor>> items) {
        return items.stream().map(i -> ((Struct) i.content().value()).getFloat64("t")).toList();
    }

    @Test
    void pagesThroughAnObjectWithoutRepeatingTheBoundary() throws Exception {
        String id = object(25, 100);
        HeedyStreamReader reader = reader(id, "earliest");
        HeedyCursor cursor = reader.initialCursor();
        List<Double> all = new ArrayList<>();
        boolean more = true;
        int pages = 0;
        while (more) {
            ReadBatch<HeedyCursor> batch = reader.readAfter(cursor, 10);
            all.addAll(times(batch.items()));
            if (!batch.items().isEmpty()) {
                cursor = batch.items().get(batch.items().size() - 1).cursor();
            }
            more = batch.more();
            pages++;
        }
        assertEquals(heedy.data(id).stream().map(Datapoint::t).toList(), all);
        assertEquals(3, pages);
        assertEquals(HeedyCursor.after(124), cursor);
        // only the documented parameters went out: t1 and limit
        assertTrue(heedy.calls().stream().filter(c -> c.path().endsWith("/timeseries"))
            .allMatch(c -> c.status() == 200), heedy.calls().toString());
    }

    @Test
    void latestStartsAfterTheLastPointAndTimeStartsAtTheGivenTime() throws Exception {
        String id = object(10, 1000);
        HeedyStreamReader latest = reader(id, "latest");
        HeedyCursor cursor = latest.initialCursor();
        assertEquals(HeedyCursor.after(1009), cursor);
        assertTrue(latest.readAfter(cursor, 100).items().isEmpty());
        heedy.insert(id, List.of(new Datapoint(1010, 0, DoubleNode.valueOf(1))));
        assertEquals(List.of(1010.0), times(latest.readAfter(cursor, 100).items()));

        double now = System.currentTimeMillis() / 1000.0;
        heedy.insert(id, List.of(new Datapoint(now - 5, 0, DoubleNode.valueOf(2))));
        HeedyStreamReader recent = reader(id, "now-1m");
        assertEquals(List.of(now - 5), times(recent.readAfter(recent.initialCursor(), 100).items()));
        HeedyStreamReader at = reader(id, "1005");
        assertEquals(List.of(1005.0, 1006.0, 1007.0, 1008.0, 1009.0, 1010.0, now - 5),
            times(at.readAfter(at.initialCursor(), 100).items()));
    }

    @Test
    void windowsDeliverOnlyWhatIsNewOrChangedAndNeverPassTheirEnd() throws Exception {
        String id = object(10, 0); // t = 0 .. 9
        HeedyStreamReader reader = reader(id, "earliest");
        reader.readAfter(reader.initialCursor(), 100);
        heedy.insert(id, List.of(new Datapoint(2.5, 0, DoubleNode.valueOf(25)), new Datapoint(4, 0,
            DoubleNode.valueOf(400))));
        heedy.setV051Mode(true); // old servers leak points past t2 in the first batch
        try {
            List<RecordContent> window = reader.window(2.5, 4, 2);
            assertEquals(List.of(2.5, 4.0), window.stream().map(c -> ((Struct) c.value()).getFloat64("t")).toList());
            assertEquals(400.0, ((Struct) window.get(1).value()).getFloat64("d"));
            assertTrue(reader.window(0, 9, 3).isEmpty(), "nothing changed since");
        } finally {
            heedy.setV051Mode(false);
        }
    }

    @Test
    void reconcilingFirstLearnsTheWindowThenDeliversOnlyBackfills() throws Exception {
        String id = object(20, 100); // t = 100 .. 119
        HeedyStreamReader reader = reader(id, "latest"); // nothing delivered or remembered by this reader yet
        HeedyCursor cursor = reader.initialCursor();
        assertTrue(reader.reconcile(cursor, 10, 4).isEmpty(), "the first pass only learns the window");
        assertTrue(reader.reconcile(cursor, 10, 4).isEmpty(), "nothing changed");
        heedy.insert(id, List.of(new Datapoint(101.5, 0, DoubleNode.valueOf(2)),
            new Datapoint(112.5, 0, DoubleNode.valueOf(1)), new Datapoint(115, 0, DoubleNode.valueOf(-15))));
        List<Double> found = reader.reconcile(cursor, 10, 4).stream()
            .map(c -> ((Struct) c.value()).getFloat64("t")).toList();
        assertEquals(List.of(112.5, 115.0), found, "back-fills inside the window, not the one before it");
        assertTrue(reader.reconcile(cursor, 10, 4).isEmpty(), "delivered once");
    }

    @Test
    void aDeletedObjectIsUnavailableAndABadTokenStopsTheTask() throws Exception {
        String id = object(3, 0);
        HeedyStreamReader reader = reader(id, "earliest");
        heedy.deleteObject(id);
        assertThrows(StreamUnavailableException.class, () -> reader.readAfter(HeedyCursor.beginning(), 10));

        String other = object(3, 0);
        HeedyObject described = client.object(other);
        try (HttpTransport bad = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
            List.of(new BearerTokenAuth(new Password("wrong-token"))), HttpObserver.NONE)) {
            HeedyStreamReader unauthorized = new HeedyStreamReader("test", new HeedyClient(heedy.baseUrl(), bad),
                described, new HeedyRecords(described, "t", true), StartPosition.parse("earliest"));
            ConnectException e = assertThrows(ConnectException.class,
                () -> unauthorized.readAfter(HeedyCursor.beginning(), 10));
            assertTrue(e.getMessage().contains("heedy.token"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-token"), e.getMessage());
        }
    }
}
