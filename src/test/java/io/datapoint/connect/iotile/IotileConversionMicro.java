package io.datapoint.connect.iotile;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.iotile.sim.IotileSimulator;
import io.datapoint.connect.testkit.bench.AcceptingHttp;
import io.datapoint.connect.testkit.bench.RecordedHttp;
import io.datapoint.connect.testkit.bench.SinkRecordsOf;
import io.datapoint.connect.testkit.bench.SourceRecordsOf;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
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
 * JMH: IOTile's conversion cost per reading. Source: a read of 1,000 device readings as the simulator serializes
 * them (the empty API-written page, then the device page; recorded once, replayed from memory) through the client,
 * the stream reader and the record mapping to SourceRecords. Sink: 1,000 records as the JsonConverter gives them
 * through the sink mapping and the writer (its look at what is stored, answered empty, and its post) to the request
 * body. Run by {@code testkit.bench.ConversionMicroBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IotileConversionMicro {

    /** Readings per page and records per sink batch. */
    public static final int POINTS = 1_000;
    private static final String PROJECT = "p--0000-0007";
    private static final String DEVICE = "d--0000-0000-0000-0042";
    private static final String SLUG = "s--0000-0007--0000-0000-0000-0042--5001";
    private static final String SINK_SLUG = "s--0000-0007--0000-0000-0000-0042--5020";

    private RecordedHttp recording;
    private HttpTransport replayTransport;
    private IotileClient replayClient;
    private IotileRecords records;
    private final IotileOffsets codec = new IotileOffsets();
    private Map<String, Object> partition;
    private List<SinkRecord> sinkRecords;
    private IotileSinkRecords sinkMapper;
    private IotileWriter writer;
    private AcceptingHttp server;
    private HttpTransport sinkTransport;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        recording = new RecordedHttp();
        records = new IotileRecords(SLUG, "iotile.readings", null);
        try (IotileSimulator sim = IotileSimulator.start()) {
            sim.createUser("reader@example.com", "pw");
            sim.createProject("reader@example.com", PROJECT, "reader");
            sim.createDevice(PROJECT, DEVICE);
            sim.deviceReadings(SLUG, POINTS, 1_700_000_000L, 1, 0);
            String token = sim.drfToken("reader@example.com");
            Interceptor auth = chain -> chain.proceed(chain.request().newBuilder()
                .header("Authorization", "Token " + token).build());
            try (HttpTransport real = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
                List.of(auth, recording.recorder()), HttpObserver.NONE)) {
                readPage(new IotileClient(sim.baseUrl(), real)); // recorded
            }
            replayTransport = recording.replayingTransport();
            replayClient = new IotileClient(sim.baseUrl(), replayTransport);
        }
        partition = Map.of("platform", "iotile", "server", "http://localhost", "stream", SLUG, "v", 1);
        List<SourceRecord> page = source();
        if (page.size() != POINTS) {
            throw new IllegalStateException("the replayed page gave " + page.size() + " records, not " + POINTS);
        }
        sinkRecords = SinkRecordsOf.fromTopic("iotile.readings", page);
        sinkMapper = new IotileSinkRecords(new IotileSinkConfig(Map.of("iotile.email", "a@b.c", "iotile.password",
            "x", "iotile.stream", SINK_SLUG, "time.field", "timestamp", "time.field.unit", "milliseconds",
            "iotile.value.field", "int_value")));
        server = new AcceptingHttp(200, "{\"count\":0,\"next\":null,\"previous\":null,\"results\":[]}");
        sinkTransport = server.transport();
        writer = new IotileWriter("bench", new IotileClient("http://localhost:8000", sinkTransport),
            new ConnectorMetrics(null), 0, Duration.ofMillis(10), Duration.ofMillis(10));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        replayTransport.close();
        sinkTransport.close();
    }

    private ReadBatch<IotileCursor> readPage(IotileClient client) throws Exception {
        IotileStreamReader reader = new IotileStreamReader("bench", client, SLUG, records, false, 2,
            Clock.systemUTC());
        return reader.readAfter(reader.initialCursor(), POINTS);
    }

    /** A page of IOTile JSON to SourceRecords. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public List<SourceRecord> source() throws Exception {
        recording.rewind();
        return SourceRecordsOf.page(readPage(replayClient), partition, codec);
    }

    /** Sink records to the body of IOTile's data post. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long sink() throws Exception {
        SinkRecordsOf.Write<IotileSinkPoint> write = SinkRecordsOf.map(sinkMapper, sinkRecords);
        writer.write(write.target(), write.points());
        return server.bytes();
    }
}
