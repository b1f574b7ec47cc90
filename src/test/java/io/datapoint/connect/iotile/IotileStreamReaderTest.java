package io.datapoint.connect.iotile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.iotile.sim.IotileSimulator;
import io.datapoint.connect.iotile.sim.SimRow;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IOTile stream reader against the simulator: both cursors, pages inside one second, token renewal. */
class IotileStreamReaderTest {

    private static final String PROJECT = "p--0000-0007";
    private static final String DEVICE = "d--0000-0000-0000-0042";
    private static IotileSimulator sim;
    private IotileConnection.Transports transports;
    private IotileClient client;
    private final IotileOffsets codec = new IotileOffsets();

    @BeforeAll
    static void startSim() {
        sim = IotileSimulator.start();
        sim.createUser("reader@example.com", "pw");
        sim.createProject("reader@example.com", PROJECT, "reader");
        sim.createDevice(PROJECT, DEVICE);
    }

    @AfterAll
    static void stopSim() {
        sim.close();
    }

    @BeforeEach
    void connect() {
        transports = IotileConnection.transports(new IotileSourceConfig(Map.of("iotile.url", sim.baseUrl(),
            "iotile.email", "reader@example.com", "iotile.password", "pw", "iotile.streams",
            "s--0000-0007--0000-0000-0000-0042--5001", "http.retry.backoff.ms", "10")), HttpObserver.NONE);
        client = new IotileClient(sim.baseUrl(), transports.api());
    }

    @AfterEach
    void close() {
        transports.close();
    }

    private IotileStreamReader reader(String slug, IotileUnit unit) {
        return new IotileStreamReader("test", client, slug, new IotileRecords(slug, "t", unit), false, 2,
            Clock.systemUTC());
    }

    /** Reads until caught up, "restarting" (a new reader from the encoded offset) after every batch. */
    private List<Struct> readAll(String slug, IotileCursor from, int batch, List<IotileCursor> cursors)
        throws IOException {
        List<Struct> out = new ArrayList<>();
        IotileCursor c = from;
        for (int round = 0; round < 1000; round++) {
            ReadBatch<IotileCursor> b = reader(slug, null).readAfter(c, batch);
            for (ReadItem<IotileCursor> item : b.items()) {
                out.add((Struct) item.content().value());
                c = item.cursor();
            }
            c = codec.decode(codec.encode(c));
            cursors.add(c);
            if (!b.more() && b.items().isEmpty()) {
                return out;
            }
        }
        throw new AssertionError("never caught up");
    }

    private static Set<Long> ids(List<Struct> values) {
        Set<Long> ids = new HashSet<>();
        values.forEach(v -> ids.add(v.getInt64("id")));
        return ids;
    }

    @Test
    void aLateUploadWithOldTimestampsButNewReadingIdsIsRead() throws IOException {
        String slug = "s--0000-0007--0000-0000-0000-0042--5001";
        long now = System.currentTimeMillis() / 1000;
        sim.deviceReadings(slug, 250, now - 3600, 10, 0);
        List<IotileCursor> cursors = new ArrayList<>();
        List<Struct> first = readAll(slug, IotileCursor.beginning(), 100, cursors);
        assertEquals(250, first.size());
        IotileCursor caughtUp = cursors.get(cursors.size() - 1);
        sim.deviceReadings(slug, 30, now - 86_400, 1, 1000);  // a day old
        List<Struct> late = readAll(slug, caughtUp, 100, cursors);
        assertEquals(30, late.size());
        assertEquals(1000L, late.get(0).getInt64("int_value"));
        Set<Long> all = ids(first);
        all.addAll(ids(late));
        assertEquals(280, all.size());
    }

    @Test
    void fiveHundredReadingsInOneSecondAcrossPagesAndRestartsAreEachReadOnce() throws IOException {
        String slug = "s--0000-0007--0000-0000-0000-0000--5002";
        long now = System.currentTimeMillis() / 1000;
        sim.apiBurst(slug, 10, now - 100, 0);
        sim.apiBurst(slug, 500, now - 50, 100);
        sim.apiBurst(slug, 10, now - 49, 1000);
        List<IotileCursor> cursors = new ArrayList<>();
        List<Struct> read = readAll(slug, IotileCursor.beginning(), 70, cursors);
        assertEquals(520, read.size());
        assertEquals(520, ids(read).size(), "no reading twice");
        Set<Long> stored = new HashSet<>();
        sim.data(slug).forEach(r -> stored.add(r.id()));
        assertEquals(stored, ids(read));
        assertTrue(cursors.stream().anyMatch(c -> c.second() != null && c.second() == now - 50
            && c.ids().toList().size() > 70), "a cursor held the ids of the busy second across several pages: " + cursors.size());
    }

    @Test
    void withoutNextLinksTheCountStillLeadsThroughABusySecond() throws IOException {
        String slug = "s--0000-0007--0000-0000-0000-0000--5006";
        long now = System.currentTimeMillis() / 1000;
        sim.apiBurst(slug, 230, now - 30, 0);
        sim.setPageLinks(false);
        try {
            List<Struct> read = readAll(slug, IotileCursor.beginning(), 40, new ArrayList<>());
            assertEquals(230, ids(read).size());
            assertEquals(230, read.size());
        } finally {
            sim.setPageLinks(true);
        }
    }

    @Test
    void startingAtLatestSkipsWhatIsStoredAndReadsWhatComesAfter() throws IOException {
        String slug = "s--0000-0007--0000-0000-0000-0042--5007";
        long now = System.currentTimeMillis() / 1000;
        sim.deviceReadings(slug, 25, now - 1000, 10, 0);
        sim.apiBurst(slug, 4, now - 100, 0);
        IotileStreamReader latest = new IotileStreamReader("test", client, slug, new IotileRecords(slug, "t", null),
            true, 2, Clock.systemUTC());
        IotileCursor start = latest.initialCursor();
        long highest = sim.data(slug).stream().mapToLong(SimRow::streamerId).max().orElseThrow();
        assertEquals(highest, start.streamerId());
        assertTrue(latest.readAfter(start, 100).items().isEmpty());
        sim.deviceReadings(slug, 3, now - 5000, 1, 500); // a late upload after the start
        List<ReadItem<IotileCursor>> items = latest.readAfter(start, 100).items();
        assertEquals(3, items.size());
        assertEquals(500L, ((Struct) items.get(0).content().value()).getInt64("int_value"));
    }

    @Test
    void aSecondStillBeingWrittenIsNotCutInHalf() throws IOException {
        String slug = "s--0000-0007--0000-0000-0000-0000--5003";
        long now = System.currentTimeMillis() / 1000;
        sim.apiBurst(slug, 5, now + 1, 0); // within the settle time: not read yet
        ReadBatch<IotileCursor> b = reader(slug, null).readAfter(IotileCursor.beginning(), 100);
        assertTrue(b.items().isEmpty());
        assertFalse(b.more());
        assertTrue(sim.calls().stream().anyMatch(c -> c.query() != null && c.query().contains("end=")
            && c.query().contains("streamer_id_max=0")));
    }

    @Test
    void anExpiredTokenIsRenewedByLoggingInAgainAndNothingIsLost() throws IOException {
        String slug = "s--0000-0007--0000-0000-0000-0042--5004";
        sim.deviceReadings(slug, 300, 1_600_000_000L, 1, 0);
        List<Struct> out = new ArrayList<>();
        IotileCursor c = IotileCursor.beginning();
        IotileStreamReader r = reader(slug, null);
        sim.clearCalls();
        for (int i = 0; i < 3; i++) {
            for (ReadItem<IotileCursor> item : r.readAfter(c, 100).items()) {
                out.add((Struct) item.content().value());
                c = item.cursor();
            }
            sim.expireIssuedTokens();
        }
        assertEquals(300, ids(out).size());
        long logins = sim.calls().stream().filter(x -> x.path().equals("/api/v1/auth/login/")).count();
        assertTrue(logins >= 2, "logged in again after expiry: " + logins);
        assertTrue(sim.calls().stream().anyMatch(x -> x.status() == 401), "the expired token was refused once");
    }

    @Test
    void valuesAreConvertedToTheStreamsOutputUnit() throws IOException {
        String slug = "s--0000-0007--0000-0000-0000-0042--5005";
        sim.createStream(slug, "volume");
        sim.setOutputUnit(slug, "out--volume--gallons", "G", 1, 3.785, 0);
        sim.deviceReadings(slug, 1, 1_600_000_000L, 1, 100);
        IotileUnit unit = IotileUnit.outputOf(client.stream(slug));
        ReadBatch<IotileCursor> b = reader(slug, unit).readAfter(IotileCursor.beginning(), 10);
        Struct v = (Struct) b.items().get(0).content().value();
        assertEquals(100 / 3.785, v.getFloat64("value"), 1e-9);
        assertEquals("G", v.getString("unit"));
        assertEquals(100L, v.getInt64("int_value"));
        SimRow row = sim.data(slug).get(0);
        assertEquals(row.id(), v.getInt64("id"));
        assertEquals(row.second() * 1000, b.items().get(0).content().timestamp());
    }
}
