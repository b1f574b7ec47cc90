package io.datapoint.connect.heedy;

import io.datapoint.connect.core.http.BearerTokenAuth;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.heedy.sim.HeedySimulator;
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
 * JMH: heedy's conversion cost per datapoint. Source: a page of 1,000 datapoints as the simulator serializes it
 * (recorded once, replayed from memory) through the client, the stream reader and the record mapping to
 * SourceRecords. Sink: 1,000 records as the JsonConverter gives them through the sink mapping and the writer to the
 * request body. Run by {@code testkit.bench.ConversionMicroBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeedyConversionMicro {

    /** Datapoints per page and records per sink batch. */
    public static final int POINTS = 1_000;

    private HeedyClient replayClient;
    private RecordedHttp recording;
    private HeedyObject object;
    private HeedyRecords records;
    private final HeedyOffsets codec = new HeedyOffsets();
    private Map<String, Object> partition;
    private List<SinkRecord> sinkRecords;
    private HeedySinkRecords sinkMapper;
    private HeedyWriter writer;
    private AcceptingHttp server;
    private HttpTransport sinkTransport;
    private HttpTransport replayTransport;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        recording = new RecordedHttp();
        try (HeedySimulator heedy = HeedySimulator.start()) {
            String token = heedy.createApp("dora", false);
            String id = heedy.createTimeseries("dora", null, "temperature", null, null,
                HeedyClient.JSON.createObjectNode().put("type", "number"));
            heedy.preload(id, POINTS, 1_700_000_000.0, 1);
            try (HttpTransport real = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
                List.of(new BearerTokenAuth(new Password(token)), recording.recorder()), HttpObserver.NONE)) {
                HeedyClient client = new HeedyClient(heedy.baseUrl(), real);
                object = client.object(id);
                records = new HeedyRecords(object, "heedy.temperature", true);
                readPage(client); // recorded
            }
            replayTransport = recording.replayingTransport();
            replayClient = new HeedyClient(heedy.baseUrl(), replayTransport);
        }
        partition = Map.of("platform", "heedy", "server", "http://localhost", "stream", object.id(), "v", 1);
        List<SourceRecord> page = source();
        if (page.size() != POINTS) {
            throw new IllegalStateException("the replayed page gave " + page.size() + " records, not " + POINTS);
        }
        sinkRecords = SinkRecordsOf.fromTopic("heedy.temperature", page);
        sinkMapper = new HeedySinkRecords(new HeedySinkConfig(Map.of("heedy.url", "http://localhost:1324",
            "heedy.token", "secret", "heedy.object", "obj-1", "time.field", "t", "time.field.unit", "seconds",
            "data.field", "d", "write.method", "update")));
        server = new AcceptingHttp(200, "{\"result\":\"ok\"}");
        sinkTransport = server.transport();
        HeedySinkConfig config = new HeedySinkConfig(Map.of("heedy.url", "http://localhost:1324", "heedy.token",
            "secret", "heedy.object", "obj-1"));
        writer = new HeedyWriter("bench", new HeedyClient("http://localhost:1324", sinkTransport), config);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        replayTransport.close();
        sinkTransport.close();
    }

    private ReadBatch<HeedyCursor> readPage(HeedyClient client) throws Exception {
        HeedyStreamReader reader = new HeedyStreamReader("bench", client, object, records,
            StartPosition.parse("earliest"));
        return reader.readAfter(reader.initialCursor(), POINTS);
    }

    /** A page of heedy JSON to SourceRecords. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public List<SourceRecord> source() throws Exception {
        recording.rewind();
        return SourceRecordsOf.page(readPage(replayClient), partition, codec);
    }

    /** Sink records to the body of heedy's write request. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long sink() throws Exception {
        writer.write("object:obj-1", SinkRecordsOf.map(sinkMapper, sinkRecords).points());
        return server.bytes();
    }
}
