package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.connectordb.sim.ConnectorDbSimulator;
import io.datapoint.connect.core.http.BasicAuth;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.testkit.bench.AcceptingHttp;
import io.datapoint.connect.testkit.bench.RecordedHttp;
import io.datapoint.connect.testkit.bench.SinkRecordsOf;
import io.datapoint.connect.testkit.bench.SourceRecordsOf;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: ConnectorDB's conversion cost per datapoint. Source: a page of 1,000 datapoints of a number stream as the
 * simulator serializes it (recorded once, replayed from memory) through the client, the index reader and the record
 * mapping to SourceRecords. Sink: 1,000 records as the JsonConverter gives them through the sink mapping, the
 * writer's sort and the client's insert to the request body (the tail planning, a lookup per batch, is left out).
 * Run by {@code testkit.bench.ConversionMicroBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectorDbConversionMicro {

    /** Datapoints per page and records per sink batch. */
    public static final int POINTS = 1_000;
    private static final String PATH = "alice/phone/temperature";

    private RecordedHttp recording;
    private HttpTransport replayTransport;
    private ConnectorDbClient replayClient;
    private ConnectorDbPath path;
    private ConnectorDbRecords records;
    private final ConnectorDbOffsets codec = new ConnectorDbOffsets();
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);
    private Map<String, Object> partition;
    private List<SinkRecord> sinkRecords;
    private ConnectorDbSinkRecords sinkMapper;
    private AcceptingHttp server;
    private HttpTransport sinkTransport;
    private ConnectorDbClient sinkClient;
    private ConnectorDbPath sinkPath;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        recording = new RecordedHttp();
        path = ConnectorDbPath.parse(PATH, false);
        JsonNode schema = JsonNodeFactory.instance.objectNode().put("type", "number");
        records = new ConnectorDbRecords(path, schema, "connectordb.temperature", true);
        try (ConnectorDbSimulator sim = ConnectorDbSimulator.start()) {
            sim.createUser("alice", "pw");
            String key = sim.createDevice("alice", "phone");
            sim.createStream(PATH, schema, false);
            sim.preload(PATH, POINTS, 1_700_000_000.0, 1);
            try (HttpTransport real = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
                List.of(new BasicAuth("", new Password(key)), recording.recorder()), HttpObserver.NONE)) {
                readPage(new ConnectorDbClient(sim.baseUrl(), real)); // recorded
            }
            replayTransport = recording.replayingTransport();
            replayClient = new ConnectorDbClient(sim.baseUrl(), replayTransport);
        }
        partition = Map.of("platform", "connectordb", "server", "http://localhost", "stream", PATH, "v", 1);
        List<SourceRecord> page = source();
        if (page.size() != POINTS) {
            throw new IllegalStateException("the replayed page gave " + page.size() + " records, not " + POINTS);
        }
        sinkRecords = SinkRecordsOf.fromTopic("connectordb.temperature", page);
        sinkMapper = new ConnectorDbSinkRecords(new ConnectorDbSinkConfig(Map.of("connectordb.url",
            "http://localhost:3124", "connectordb.apikey", "k", "connectordb.stream", "alice/phone/copy",
            "insert.mode", "append", "time.field", "t", "time.field.unit", "seconds", "data.field", "d")));
        sinkPath = ConnectorDbPath.parse("alice/phone/copy", false);
        server = new AcceptingHttp(200, "\"ok\"");
        sinkTransport = server.transport();
        sinkClient = new ConnectorDbClient("http://localhost:3124", sinkTransport);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        replayTransport.close();
        sinkTransport.close();
    }

    private ReadBatch<ConnectorDbCursor> readPage(ConnectorDbClient client) throws Exception {
        ConnectorDbStreamReader reader = new ConnectorDbStreamReader("bench", client, path, records, false, metrics,
            ConnectorDbStreamReader.Listener.NONE);
        return reader.readAfter(reader.initialCursor(), POINTS);
    }

    /** A page of ConnectorDB JSON to SourceRecords. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public List<SourceRecord> source() throws Exception {
        recording.rewind();
        return SourceRecordsOf.page(readPage(replayClient), partition, codec);
    }

    /** Sink records to the body of ConnectorDB's insert request. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long sink() throws Exception {
        sinkClient.insert(sinkPath, ConnectorDbWriter.sorted(SinkRecordsOf.map(sinkMapper, sinkRecords).points()),
            false);
        return server.bytes();
    }
}
