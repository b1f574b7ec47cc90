package io.datapoint.connect.flowthings;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator;
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
 * JMH: flowthings' conversion cost per drop. Source: a page of 1,000 drops as the simulator serializes them
 * (recorded once, replayed from memory) through the client, the reader and the record mapping (elems as JSON text,
 * the default without a schema) to SourceRecords. Sink: 1,000 records as the JsonConverter gives them through the
 * sink mapping and the writer (one drop request per record, as flowthings takes them, 8 in parallel) to the request
 * bodies. Run by {@code testkit.bench.ConversionMicroBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlowthingsConversionMicro {

    /** Drops per page and records per sink batch. */
    public static final int POINTS = 1_000;

    private RecordedHttp recording;
    private HttpTransport replayTransport;
    private FlowthingsClient replayClient;
    private String flow;
    private FlowthingsRecords records;
    private final FlowthingsOffsets codec = new FlowthingsOffsets();
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);
    private Map<String, Object> partition;
    private List<SinkRecord> sinkRecords;
    private FlowthingsSinkRecords sinkMapper;
    private FlowthingsWriter writer;
    private AcceptingHttp server;
    private HttpTransport sinkTransport;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        recording = new RecordedHttp();
        try (FlowthingsSimulator sim = FlowthingsSimulator.start()) {
            sim.createAccount("alice", "tok");
            flow = sim.createFlow("alice", "/alice/sensors");
            sim.preloadSpaced(flow, POINTS, System.currentTimeMillis() - 3_600_000L);
            records = new FlowthingsRecords(flow, "/alice/sensors", "flowthings.sensors", null, true);
            try (HttpTransport real = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
                List.of(new FlowthingsConnection.TokenHeader(new Password("tok")), recording.recorder()),
                HttpObserver.NONE)) {
                readPage(new FlowthingsClient(sim.apiUrl(), sim.wsUrl(), "4.0", "alice", real)); // recorded
            }
            replayTransport = recording.replayingTransport();
            replayClient = new FlowthingsClient(sim.apiUrl(), sim.wsUrl(), "4.0", "alice", replayTransport);
        }
        partition = Map.of("platform", "flowthings", "server", "http://localhost", "stream", flow, "v", 1);
        List<SourceRecord> page = source();
        if (page.size() != POINTS) {
            throw new IllegalStateException("the replayed page gave " + page.size() + " records, not " + POINTS);
        }
        sinkRecords = SinkRecordsOf.fromTopic("flowthings.sensors", page);
        FlowthingsSinkConfig config = new FlowthingsSinkConfig(Map.of("flowthings.account", "alice",
            "flowthings.token", "tok", "flowthings.flow.id", flow, "data.field", "elems", "fhash.mode", "offset",
            "write.parallel.requests", "8"));
        sinkMapper = new FlowthingsSinkRecords(config);
        server = new AcceptingHttp(200, "{\"head\":{\"status\":200,\"ok\":true},\"body\":{}}");
        sinkTransport = server.transport();
        writer = new FlowthingsWriter("bench", new FlowthingsClient("http://localhost:8000", "ws://localhost:8000",
            "4.0", "alice", sinkTransport), config);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        writer.close();
        replayTransport.close();
        sinkTransport.close();
    }

    private ReadBatch<FlowthingsCursor> readPage(FlowthingsClient client) throws Exception {
        FlowthingsStreamReader reader = new FlowthingsStreamReader("bench", client, flow, "/alice/sensors", records,
            new FlowthingsStreamReader.Settings(POINTS, 2_000, 600_000, 0), metrics.stream(flow));
        return reader.readAfter(reader.initialCursor(), POINTS);
    }

    /** A page of flowthings JSON to SourceRecords. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public List<SourceRecord> source() throws Exception {
        recording.rewind();
        return SourceRecordsOf.page(readPage(replayClient), partition, codec);
    }

    /** Sink records to the bodies of flowthings' drop requests. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long sink() throws Exception {
        SinkRecordsOf.Write<FlowthingsSinkPoint> write = SinkRecordsOf.map(sinkMapper, sinkRecords);
        writer.write(write.target(), write.points());
        return server.bytes();
    }
}
