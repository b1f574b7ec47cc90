package io.datapoint.connect.connectordb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datapoint.connect.connectordb.sim.ConnectorDbSimulator;
import io.datapoint.connect.connectordb.sim.Datapoint;
import io.datapoint.connect.core.http.BasicAuth;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.sink.RejectedBatchException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink writer against the ConnectorDB simulator: retries and redelivery neither duplicate nor lose points. */
class ConnectorDbWriterTest {

    private static final String PATH = "alice/light/level";
    private static final String DATA = "/api/v1/crud/" + PATH + "/data";

    private ConnectorDbSimulator sim;
    private HttpTransport transport;
    private ConnectorDbClient client;

    @BeforeEach
    void start() {
        sim = ConnectorDbSimulator.start();
        sim.createUser("alice", "pw");
        String key = sim.createDevice("alice", "light");
        sim.createStream(PATH, JsonNodeFactory.instance.objectNode().put("type", "number"), false);
        transport = transport(key);
        client = new ConnectorDbClient(sim.baseUrl(), transport);
    }

    private static HttpTransport transport(String key) {
        return new HttpTransport(HttpSettings.builder().maxRetries(3).retryBackoffInitial(Duration.ofMillis(1))
            .retryBackoffMax(Duration.ofMillis(5)).build(), List.of(new BasicAuth("", new Password(key))),
            HttpObserver.NONE);
    }

    @AfterEach
    void stop() {
        transport.close();
        sim.close();
    }

    private ConnectorDbWriter writer(boolean restamp, boolean downlink, boolean create) {
        return new ConnectorDbWriter("test", client, restamp, downlink, create, 5, Duration.ofMillis(1),
            Duration.ofMillis(5));
    }

    private static List<ConnectorDbSinkPoint> points(double... ts) {
        List<ConnectorDbSinkPoint> out = new ArrayList<>();
        for (double t : ts) {
            out.add(new ConnectorDbSinkPoint(new ConnectorDbPoint(t, DoubleNode.valueOf(t * 10), null),
                Schema.FLOAT64_SCHEMA));
        }
        return out;
    }

    private List<Double> stored() {
        return sim.data(PATH).stream().map(Datapoint::t).toList();
    }

    private long posts() {
        return sim.calls().stream().filter(c -> c.method().equals("POST") && c.path().equals(DATA)).count();
    }

    @Test
    void appendsSortedBatchesAndKnowsTheTailAfterwards() throws Exception {
        ConnectorDbWriter w = writer(false, false, false);
        w.write(PATH, points(3, 1, 2));
        w.write(PATH, points(4, 5));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), stored());
        assertEquals(new ConnectorDbWriter.Tail(5, 5.0), w.knownTail(PATH));
        assertEquals(2, posts());
    }

    @Test
    void aBatchRedeliveredToANewWriterIsRecognisedAsWritten() throws Exception {
        writer(false, false, false).write(PATH, points(1, 2, 3, 3));
        // a restarted task gets the same records again, and some new ones
        writer(false, false, false).write(PATH, points(2, 3, 3, 4));
        assertEquals(List.of(1.0, 2.0, 3.0, 3.0, 4.0), stored());
    }

    @Test
    void aWriteThatLandedButLostItsAnswerIsNotSentAgain() throws Exception {
        ConnectorDbWriter w = writer(false, false, false);
        w.write(PATH, points(1, 2));
        sim.storeThenDropNext(1, DATA, "POST");
        w.write(PATH, points(3, 4));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), stored());
        assertEquals(2, posts(), "the cut write is not repeated");
        w.write(PATH, points(5));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), stored());
    }

    @Test
    void aRestampedWriteThatLandedIsNotSentAgainEither() throws Exception {
        ConnectorDbWriter w = writer(true, false, false);
        w.write(PATH, points(10));
        sim.storeThenDropNext(1, DATA);
        w.write(PATH, points(5, 6)); // restamped to 10.00001 by the server
        assertEquals(3, sim.data(PATH).size());
        assertEquals(List.of(100.0, 50.0, 60.0), sim.data(PATH).stream().map(d -> d.d().asDouble()).toList());
    }

    @Test
    void serverErrorsAndResetsBeforeProcessingAreSentAgain() throws Exception {
        ConnectorDbWriter w = writer(false, false, false);
        w.write(PATH, points(1));
        sim.failNext(2, 503, null, DATA, "POST");
        w.write(PATH, points(2, 3));
        assertEquals(4, posts(), "sent again after each 503");
        sim.resetConnectionNext(1, DATA);
        w.write(PATH, points(4));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), stored());
    }

    @Test
    void olderPointsAreRefusedWithConnectorDbsMessageAfterTheNewerOnesAreWritten() throws Exception {
        ConnectorDbWriter w = writer(false, false, false);
        w.write(PATH, points(5, 6));
        RejectedBatchException e = assertThrows(RejectedBatchException.class, () -> w.write(PATH, points(7, 2, 8)));
        assertTrue(e.getMessage().startsWith("Greater timestamp already exists"), e.getMessage());
        assertEquals(List.of(5.0, 6.0, 7.0, 8.0), stored());
        // the engine bisects: the written halves are recognised, the old point is refused alone
        w.write(PATH, points(7));
        assertThrows(RejectedBatchException.class, () -> w.write(PATH, points(2)));
        w.write(PATH, points(8));
        assertEquals(List.of(5.0, 6.0, 7.0, 8.0), stored());
    }

    @Test
    void anotherWriterAppendingMeanwhileIsNotOverwrittenNorDuplicated() throws Exception {
        ConnectorDbWriter w = writer(false, false, false);
        w.write(PATH, points(1));
        sim.insert(PATH, List.of(Datapoint.of(5, DoubleNode.valueOf(0))));
        RejectedBatchException e = assertThrows(RejectedBatchException.class, () -> w.write(PATH, points(3, 6)));
        assertTrue(e.getMessage().contains("not after the last datapoint"), e.getMessage());
        assertEquals(List.of(1.0, 5.0, 6.0), stored());
    }

    @Test
    void schemaRejectionsAreRejectedBatches() throws Exception {
        ConnectorDbWriter w = writer(false, false, false);
        List<ConnectorDbSinkPoint> bad = List.of(new ConnectorDbSinkPoint(
            new ConnectorDbPoint(1, TextNode.valueOf("bright"), null), Schema.STRING_SCHEMA));
        RejectedBatchException e = assertThrows(RejectedBatchException.class, () -> w.write(PATH, bad));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
        assertTrue(stored().isEmpty());
    }

    @Test
    void restampMovesOlderPointsUp() throws Exception {
        ConnectorDbWriter w = writer(true, false, false);
        w.write(PATH, points(10));
        w.write(PATH, points(4));
        assertEquals(2, sim.data(PATH).size());
        assertTrue(sim.data(PATH).get(1).t() >= 10.0);
    }

    @Test
    void createsAMissingStreamWithASchemaFromTheRecordSchema() throws Exception {
        String path = "alice/light/state";
        Schema struct = SchemaBuilder.struct().field("on", Schema.BOOLEAN_SCHEMA)
            .field("level", Schema.OPTIONAL_INT32_SCHEMA).build();
        JsonNode d = JsonNodeFactory.instance.objectNode().put("on", true).put("level", 3);
        writer(false, false, true).write(path, List.of(new ConnectorDbSinkPoint(new ConnectorDbPoint(1, d, null),
            struct)));
        assertEquals(1, sim.data(path).size());
        ConnectorDbStream created = client.stream(ConnectorDbPath.parse(path, false));
        assertEquals("object", created.schema().path("type").asText());
        assertTrue(created.schema().path("properties").has("level"));
        assertTrue(!created.schema().has("$schema"));
        ConnectException e = assertThrows(ConnectException.class,
            () -> writer(false, false, false).write("alice/light/missing", points(1)));
        assertTrue(e.getMessage().contains("connectordb.create.missing"), e.getMessage());
    }

    @Test
    void downlinkWritesLandInTheSubstreamAndAreCheckedThere() throws Exception {
        sim.createStream("alice/light/power", JsonNodeFactory.instance.objectNode().put("type", "boolean"), true);
        try (HttpTransport user = transport(sim.userApiKey("alice"))) {
            ConnectorDbClient userClient = new ConnectorDbClient(sim.baseUrl(), user);
            ConnectorDbWriter w = new ConnectorDbWriter("test", userClient, false, true, false, 5,
                Duration.ofMillis(1), Duration.ofMillis(5));
            List<ConnectorDbSinkPoint> commands = List.of(
                new ConnectorDbSinkPoint(new ConnectorDbPoint(1, JsonNodeFactory.instance.booleanNode(true), null),
                    Schema.BOOLEAN_SCHEMA),
                new ConnectorDbSinkPoint(new ConnectorDbPoint(2, JsonNodeFactory.instance.booleanNode(false), null),
                    Schema.BOOLEAN_SCHEMA));
            sim.storeThenDropNext(1, "/api/v1/crud/alice/light/power/data");
            w.write("alice/light/power", commands);
            new ConnectorDbWriter("test", userClient, false, true, false, 5, Duration.ofMillis(1),
                Duration.ofMillis(5)).write("alice/light/power", commands);
        }
        assertTrue(sim.data("alice/light/power").isEmpty());
        List<Datapoint> downlink = sim.downlinkData("alice/light/power");
        assertEquals(2, downlink.size());
        assertEquals("alice/user", downlink.get(0).o());
    }

    @Test
    void planningMatchesEachStoredPointOnce() {
        ConnectorDbWriter.Tail tail = new ConnectorDbWriter.Tail(3, 5);
        List<ConnectorDbPoint> stored = List.of(new ConnectorDbPoint(4, DoubleNode.valueOf(1), null),
            new ConnectorDbPoint(5, DoubleNode.valueOf(2), null));
        List<ConnectorDbPoint> batch = List.of(new ConnectorDbPoint(3, DoubleNode.valueOf(0), null),
            new ConnectorDbPoint(4, DoubleNode.valueOf(1), null), new ConnectorDbPoint(5, DoubleNode.valueOf(2), null),
            new ConnectorDbPoint(5, DoubleNode.valueOf(2), null), new ConnectorDbPoint(6, DoubleNode.valueOf(3), null));
        ConnectorDbWriter.Plan append = ConnectorDbWriter.plan(batch, stored, 5, tail, false);
        assertEquals(2, append.alreadyWritten());
        assertEquals(List.of(3.0), append.older().stream().map(ConnectorDbPoint::t).toList());
        assertEquals(List.of(5.0, 6.0), append.toSend().stream().map(ConnectorDbPoint::t).toList());
        ConnectorDbWriter.Plan restamp = ConnectorDbWriter.plan(batch, stored, 5, tail, true);
        assertEquals(List.of(3.0, 5.0, 6.0), restamp.toSend().stream().map(ConnectorDbPoint::t).toList());
        assertTrue(restamp.older().isEmpty());
        // stored points known only up to t=4.5: the repeat at t=5 cannot be told from a new point and is refused
        ConnectorDbWriter.Plan partial = ConnectorDbWriter.plan(batch, stored.subList(0, 1), 4.5, tail, false);
        assertEquals(1, partial.alreadyWritten());
        assertEquals(List.of(3.0, 5.0, 5.0), partial.older().stream().map(ConnectorDbPoint::t).toList());
        assertEquals(List.of(6.0), partial.toSend().stream().map(ConnectorDbPoint::t).toList());
    }
}
