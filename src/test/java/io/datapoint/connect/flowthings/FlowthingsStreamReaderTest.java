package io.datapoint.connect.flowthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reader against the simulator: paging inside one millisecond, restarts, pushes, late visibility, eviction. */
class FlowthingsStreamReaderTest {

    private FlowthingsSimulator sim;
    private HttpTransport transport;
    private FlowthingsClient client;
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);

    @BeforeEach
    void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount("alice", "tok");
        transport = new HttpTransport(HttpSettings.defaults(), List.of(new FlowthingsConnection.TokenHeader(
            new Password("tok"))), HttpObserver.NONE);
        client = new FlowthingsClient(sim.apiUrl(), sim.wsUrl(), "4.0", "alice", transport);
    }

    @AfterEach
    void stop() {
        transport.close();
        sim.close();
    }

    private FlowthingsStreamReader reader(String flowId, int pageSize, long lagMs) {
        FlowthingsRecords records = new FlowthingsRecords(flowId, "/alice/x", "t", null, false);
        return new FlowthingsStreamReader("test", client, flowId, "/alice/x", records,
            new FlowthingsStreamReader.Settings(pageSize, lagMs, 600_000, 0), metrics.stream(flowId));
    }

    /** Reads until a read returns nothing and wants no more; returns the last cursor. */
    private static FlowthingsCursor drain(FlowthingsStreamReader r, FlowthingsCursor from, List<String> ids,
                                          int maxReads) throws Exception {
        FlowthingsCursor c = from;
        for (int i = 0; i < maxReads; i++) {
            ReadBatch<FlowthingsCursor> b = r.readAfter(c, 50);
            for (ReadItem<FlowthingsCursor> item : b.items()) {
                ids.add(((Struct) item.content().value()).getString("id"));
                c = item.cursor();
            }
            if (!b.more()) {
                break;
            }
        }
        return c;
    }

    @Test
    void threeHundredDropsInOneMillisecondAcrossPagesAreReadOnceEachEvenWhenTheServerCapsTheLimit() throws Exception {
        sim.setLimits(20, 40); // the server gives at most 40 per page though 100 are asked for
        String flow = sim.createFlow("alice", "/alice/x");
        sim.preloadSpaced(flow, 5, 1_000);
        List<String> same = sim.preload(flow, 300, 2_000);
        sim.preloadSpaced(flow, 5, 3_000);
        FlowthingsStreamReader r = reader(flow, 100, 0);
        List<String> ids = new ArrayList<>();
        FlowthingsCursor c = drain(r, r.initialCursor(), ids, 1000);
        assertEquals(310, ids.size());
        assertEquals(310, new HashSet<>(ids).size());
        assertTrue(ids.containsAll(same));
        assertEquals(3_004, c.ts());
        // a later pass finds nothing new
        List<String> again = new ArrayList<>();
        drain(r, c, again, 10);
        assertEquals(List.of(), again);
    }

    @Test
    void aRestartFromAStoredOffsetInsideOneMillisecondNeitherLosesNorRepeats() throws Exception {
        String flow = sim.createFlow("alice", "/alice/x");
        List<String> all = new ArrayList<>(sim.preload(flow, 250, 5_000));
        all.addAll(sim.preloadSpaced(flow, 20, 6_000));
        FlowthingsStreamReader first = reader(flow, 100, 0);
        List<String> ids = new ArrayList<>();
        FlowthingsCursor c = first.initialCursor();
        // two reads of 50, then the "worker" stops; the offset goes through the codec
        for (int i = 0; i < 2; i++) {
            for (ReadItem<FlowthingsCursor> item : first.readAfter(c, 50).items()) {
                ids.add(((Struct) item.content().value()).getString("id"));
                c = item.cursor();
            }
        }
        FlowthingsOffsets codec = new FlowthingsOffsets();
        Map<String, Object> stored = codec.encode(c);
        FlowthingsStreamReader second = reader(flow, 100, 0);
        drain(second, codec.decode(stored), ids, 1000);
        assertEquals(all.size(), ids.size(), "no drop lost or repeated");
        assertEquals(new HashSet<>(all), new HashSet<>(ids));
    }

    @Test
    void theOlderApiIsReadUntypedWithHintsZero() throws Exception {
        FlowthingsClient v01 = new FlowthingsClient(sim.apiUrl(), sim.wsUrl(), "0.1", "alice", transport);
        String flow = sim.createFlow("alice", "/alice/x");
        sim.insert(flow, FlowthingsClient.JSON.createObjectNode().put("t", 21.5));
        List<FlowthingsDrop> drops = v01.findDrops(flow, "creationDate >= 0", 0, 10);
        assertEquals(21.5, drops.get(0).elems().get("t").asDouble());
        assertTrue(sim.calls().stream().anyMatch(c -> c.startsWith("GET /v0.1/alice/drop/" + flow)
            && c.contains("hints=0")), sim.calls().toString());
    }

    @Test
    void pushedDropsAreNotRepeatedByTheCatchUpAndLateVisibleOnesAreStillDelivered() throws Exception {
        sim.setVisibilityDelay(300);
        String flow = sim.createFlow("alice", "/alice/x");
        FlowthingsStreamReader r = reader(flow, 100, 1_000);
        List<String> ids = new ArrayList<>();
        FlowthingsCursor c = drain(r, r.initialCursor(), ids, 10);
        ObjectNode pushed = sim.insert(flow, FlowthingsClient.JSON.createObjectNode().put("v", 1));
        ObjectNode missed = sim.insert(flow, FlowthingsClient.JSON.createObjectNode().put("v", 2));
        r.offer(FlowthingsDrop.parse(pushed, false)); // only the first reached the websocket
        c = drain(r, c, ids, 10);
        assertEquals(List.of(pushed.get("id").asText()), ids, "the missed drop is not visible to REST yet");
        Thread.sleep(400); // past the simulator's visibility delay
        r.requestCatchUp();
        c = drain(r, c, ids, 10);
        assertEquals(List.of(pushed.get("id").asText(), missed.get("id").asText()), ids);
        // pushed again (a duplicate push) and re-read by later passes: nothing twice
        r.offer(FlowthingsDrop.parse(pushed, false));
        r.requestCatchUp();
        drain(r, c, ids, 10);
        assertEquals(2, ids.size());
    }

    @Test
    void anEvictionBetweenTwoPagesOfOnePassSkipsNoStoredDrop() throws Exception {
        String flow = sim.createFlow("alice", "/alice/x", 100);
        sim.preloadSpaced(flow, 100, 10_000);
        FlowthingsStreamReader r = reader(flow, 20, 0);
        List<String> ids = new ArrayList<>();
        FlowthingsCursor c = r.initialCursor();
        ReadBatch<FlowthingsCursor> first = r.readAfter(c, 20);
        for (ReadItem<FlowthingsCursor> item : first.items()) {
            ids.add(((Struct) item.content().value()).getString("id"));
            c = item.cursor();
        }
        assertTrue(first.more(), "the pass goes on");
        sim.preloadSpaced(flow, 50, 20_000); // evicts the 50 oldest, 30 of them unread, while the pass is open
        drain(r, c, ids, 100);
        Set<String> stored = new HashSet<>();
        sim.drops(flow).forEach(d -> stored.add(d.get("id").asText()));
        assertTrue(ids.containsAll(stored), "every drop still stored is delivered");
        assertEquals(ids.size(), new HashSet<>(ids).size());
        assertEquals(120, ids.size());
        assertEquals(1, metrics.stream(flow).gaps());
    }

    @Test
    void capacityEvictionOfUnreadDropsIsCountedAsAGapAndReadingGoesOn() throws Exception {
        String flow = sim.createFlow("alice", "/alice/x", 100);
        sim.preloadSpaced(flow, 100, 10_000);
        FlowthingsStreamReader r = reader(flow, 20, 0);
        List<String> ids = new ArrayList<>();
        FlowthingsCursor c = r.initialCursor();
        for (ReadItem<FlowthingsCursor> item : r.readAfter(c, 20).items()) {
            ids.add(((Struct) item.content().value()).getString("id"));
            c = item.cursor();
        }
        assertEquals(20, ids.size());
        // 60 new drops evict the 60 oldest: 40 of them were never read
        List<String> newer = sim.preloadSpaced(flow, 60, 20_000);
        // the restart makes the next read start a new pass (as after a worker restart)
        FlowthingsStreamReader again = reader(flow, 20, 0);
        drain(again, new FlowthingsOffsets().decode(new FlowthingsOffsets().encode(c)), ids, 100);
        assertEquals(1, metrics.stream(flow).gaps());
        Set<String> stored = new HashSet<>();
        sim.drops(flow).forEach(d -> stored.add(d.get("id").asText()));
        assertTrue(ids.containsAll(stored), "every drop still stored is delivered");
        assertTrue(ids.containsAll(newer));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "nothing twice");
        assertEquals(120, ids.size());
    }
}
