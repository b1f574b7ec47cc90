package io.datapoint.connect.connectordb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.connectordb.sim.ConnectorDbSimulator;
import io.datapoint.connect.connectordb.sim.Datapoint;
import io.datapoint.connect.core.http.BasicAuth;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.StreamUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The index reader against the ConnectorDB simulator: paging, start positions, deleted and recreated streams. */
class ConnectorDbStreamReaderTest {

    private static final String PATH = "alice/phone/steps";

    private ConnectorDbSimulator sim;
    private HttpTransport transport;
    private ConnectorDbClient client;
    private ConnectorMetrics metrics;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = ConnectorDbSimulator.start();
        sim.setFailedLoginDelay(Duration.ZERO);
        sim.createUser("alice", "pw");
        String key = sim.createDevice("alice", "phone");
        createStream();
        transport = transport(key);
        client = new ConnectorDbClient(sim.baseUrl(), transport);
        metrics = new ConnectorMetrics(null);
    }

    private HttpTransport transport(String key) {
        return new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
            List.of(new BasicAuth("", new Password(key))), HttpObserver.NONE);
    }

    @AfterEach
    void stop() {
        transport.close();
        sim.close();
    }

    private void createStream() {
        sim.createStream(PATH, JsonNodeFactory.instance.objectNode().put("type", "integer"), false);
    }

    private ConnectorDbStreamReader reader(boolean latest) {
        ConnectorDbPath path = ConnectorDbPath.parse(PATH, false);
        return new ConnectorDbStreamReader("test", client, path,
            new ConnectorDbRecords(path, JsonNodeFactory.instance.objectNode().put("type", "integer"), "t", true),
            latest, metrics, new ConnectorDbStreamReader.Listener() {
                @Override
                public void unavailable(String streamId) {
                    events.add("unavailable " + streamId);
                }

                @Override
                public void available(String streamId) {
                }

                @Override
                public void recreated(String streamId) {
                    events.add("recreated " + streamId);
                }
            });
    }

    private static List<Long> data(ReadBatch<ConnectorDbCursor> batch) {
        List<Long> out = new ArrayList<>();
        for (ReadItem<ConnectorDbCursor> item : batch.items()) {
            out.add(((Struct) item.content().value()).getInt64("d"));
        }
        return out;
    }

    private static ConnectorDbCursor last(ReadBatch<ConnectorDbCursor> batch) {
        return batch.items().get(batch.items().size() - 1).cursor();
    }

    private long resets() {
        return metrics.counter(ConnectorDbStreamReader.RESETS_METRIC, "stream", PATH);
    }

    @Test
    void readsEveryDatapointOnceInIndexOrderAcrossPages() throws Exception {
        sim.preload(PATH, 25, 1000, 1); // t = 1000 .. 1024, d = 0 .. 24
        ConnectorDbStreamReader reader = reader(false);
        ConnectorDbCursor cursor = reader.initialCursor();
        assertEquals(ConnectorDbCursor.beginning(), cursor);
        List<Long> seen = new ArrayList<>();
        ReadBatch<ConnectorDbCursor> batch;
        do {
            batch = reader.readAfter(cursor, 10);
            seen.addAll(data(batch));
            if (!batch.items().isEmpty()) {
                cursor = last(batch);
            }
        } while (batch.more());
        assertEquals(25, seen.size());
        for (int i = 0; i < 25; i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(new ConnectorDbCursor(25, 1024.0), cursor);
        assertTrue(reader.readAfter(cursor, 10).items().isEmpty());

        // equal timestamps (as restamping makes) are read by index, none skipped
        sim.insert(PATH, List.of(Datapoint.of(1024, IntNode.valueOf(100)), Datapoint.of(1024, IntNode.valueOf(101))));
        ReadBatch<ConnectorDbCursor> more = reader.readAfter(cursor, 10);
        assertEquals(List.of(100L, 101L), data(more));
        assertEquals(new ConnectorDbCursor(27, 1024.0), last(more));
        assertEquals(0, resets());
    }

    @Test
    void latestStartsAfterTheCurrentLastDatapoint() throws Exception {
        assertEquals(ConnectorDbCursor.beginning(), reader(true).initialCursor());
        sim.preload(PATH, 5, 10, 1);
        ConnectorDbCursor cursor = reader(true).initialCursor();
        assertEquals(new ConnectorDbCursor(5, 14.0), cursor);
        sim.insert(PATH, List.of(Datapoint.of(20, IntNode.valueOf(7))));
        assertEquals(List.of(7L), data(reader(true).readAfter(cursor, 10)));
    }

    @Test
    void aStreamRecreatedShorterThanTheCursorIsReadFromTheStart() throws Exception {
        sim.preload(PATH, 10, 100, 1);
        ConnectorDbStreamReader reader = reader(false);
        ConnectorDbCursor cursor = last(reader.readAfter(ConnectorDbCursor.beginning(), 100));
        sim.deleteStream(PATH);
        createStream();
        sim.insert(PATH, List.of(Datapoint.of(5, IntNode.valueOf(50)), Datapoint.of(6, IntNode.valueOf(60))));
        ReadBatch<ConnectorDbCursor> batch = reader.readAfter(cursor, 100);
        assertEquals(List.of(50L, 60L), data(batch));
        assertEquals(0L, batch.items().get(0).content().headers().lastWithName("datapoint.index").value());
        assertEquals(new ConnectorDbCursor(2, 6.0), last(batch));
        assertEquals(1, resets());
        assertEquals(List.of("recreated " + PATH), events);
    }

    @Test
    void aStreamRecreatedLongerIsCaughtByTheTimestampBeforeTheCursor() throws Exception {
        sim.preload(PATH, 10, 100, 1);
        ConnectorDbStreamReader reader = reader(false);
        ConnectorDbCursor cursor = last(reader.readAfter(ConnectorDbCursor.beginning(), 100));
        sim.deleteStream(PATH);
        createStream();
        sim.preload(PATH, 15, 500, 1); // index 9 now has t=509, not 109
        ReadBatch<ConnectorDbCursor> batch = reader.readAfter(cursor, 100);
        assertEquals(15, batch.items().size());
        assertEquals(0L, data(batch).get(0));
        assertEquals(new ConnectorDbCursor(15, 514.0), last(batch));
        assertEquals(1, resets());
    }

    @Test
    void aRecreatedEmptyStreamWarnsOnceAndStartsAtZeroWhenDataArrives() throws Exception {
        sim.preload(PATH, 3, 100, 1);
        ConnectorDbStreamReader reader = reader(false);
        ConnectorDbCursor cursor = last(reader.readAfter(ConnectorDbCursor.beginning(), 100));
        sim.deleteStream(PATH);
        createStream();
        assertTrue(reader.readAfter(cursor, 100).items().isEmpty());
        assertTrue(reader.readAfter(cursor, 100).items().isEmpty());
        assertEquals(1, resets(), "the stale cursor stands for the beginning once detected");
        sim.insert(PATH, List.of(Datapoint.of(1, IntNode.valueOf(9))));
        ReadBatch<ConnectorDbCursor> batch = reader.readAfter(cursor, 100);
        assertEquals(List.of(9L), data(batch));
        assertEquals(new ConnectorDbCursor(1, 1.0), last(batch));
        assertEquals(1, resets());
    }

    @Test
    void aUserAndPasswordReadAsTheUserDevice() throws Exception {
        sim.preload(PATH, 2, 10, 1);
        Map<String, String> props = new HashMap<>();
        props.put("connectordb.url", sim.baseUrl());
        props.put("connectordb.user", "alice");
        props.put("connectordb.password", "pw");
        props.put("connectordb.streams", PATH);
        try (HttpTransport login = ConnectorDbConnection.transport(new ConnectorDbSourceConfig(props),
            HttpObserver.NONE)) {
            ConnectorDbClient byPassword = new ConnectorDbClient(sim.baseUrl() + "/", login);
            assertEquals("alice/user", byPassword.whoami());
            assertEquals(2, byPassword.read(ConnectorDbPath.parse(PATH, false), 0, 0).size());
        }
    }

    @Test
    void aDeletedStreamIsUnavailableAndABadKeyStopsTheTask() throws Exception {
        sim.deleteStream(PATH);
        ConnectorDbStreamReader reader = reader(false);
        assertThrows(StreamUnavailableException.class, () -> reader.readAfter(ConnectorDbCursor.beginning(), 10));
        assertEquals(List.of("unavailable " + PATH), events);
        createStream();
        try (HttpTransport bad = transport("not-a-key")) {
            client = new ConnectorDbClient(sim.baseUrl(), bad);
            ConnectException e = assertThrows(ConnectException.class,
                () -> reader(false).readAfter(ConnectorDbCursor.beginning(), 10));
            assertTrue(e.getMessage().contains("connectordb.apikey"), e.getMessage());
            assertFalse(e.getMessage().contains("not-a-key"), "secrets stay out of messages");
        }
    }
}
