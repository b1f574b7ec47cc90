package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.sink.UnknownOutcomeRetries;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator;
import io.datapoint.connect.testkit.bench.AcceptingHttp;
import io.datapoint.connect.testkit.bench.RecordedHttp;
import io.datapoint.connect.testkit.bench.SinkRecordsOf;
import io.datapoint.connect.testkit.bench.SourceRecordsOf;
import java.time.Duration;
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
 * JMH: Hexoskin's conversion cost per datapoint. Source: one synced record of 1,000 heart-rate samples as the
 * simulator serializes it (the record feed, then the data; recorded once, replayed from memory) through the client,
 * the change-feed reader and the record mapping to SourceRecords. Sink: 1,000 records as the JsonConverter gives
 * them through the sink mapping and the writer (its look at what is stored, answered empty, then one annotation
 * request per record, as Hexoskin's API takes them) to the request bodies. Run by
 * {@code testkit.bench.ConversionMicroBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HexoskinConversionMicro {

    /** Datapoints per read and records per sink batch. */
    public static final int POINTS = 1_000;
    private static final long T0 = 1_700_000_000L * 256;
    private static final HexoskinDatatype HR = new HexoskinDatatype(19, "heart_rate", 1.0);

    private RecordedHttp recording;
    private HttpTransport replayTransport;
    private HexoskinClient replayClient;
    private long user;
    private HexoskinRecords records;
    private final HexoskinOffsets codec = new HexoskinOffsets();
    private final ConnectorMetrics metrics = new ConnectorMetrics(null);
    private Map<String, Object> partition;
    private List<SinkRecord> sinkRecords;
    private HexoskinSinkRecords sinkMapper;
    private HexoskinWriter writer;
    private AcceptingHttp server;
    private HttpTransport sinkTransport;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        recording = new RecordedHttp();
        try (HexoskinSimulator sim = HexoskinSimulator.start()) {
            user = sim.createUser("ann@example.com", "pw");
            sim.apiKey("key", "secret");
            sim.syncRecord(user, T0, 256, POINTS, new int[] {HR.id()}, (d, i) -> 60.0 + i % 40);
            records = new HexoskinRecords(user, HR, "hexoskin.heart_rate", 256);
            try (HttpTransport real = new HttpTransport(HttpSettings.builder().maxRetries(0).build(),
                List.of(new HexoskinSigner("key", new Password("secret"), "ann@example.com", new Password("pw")),
                    recording.recorder()), HttpObserver.NONE)) {
                readPage(new HexoskinClient(sim.baseUrl(), real)); // recorded
            }
            replayTransport = recording.replayingTransport();
            replayClient = new HexoskinClient(sim.baseUrl(), replayTransport);
        }
        partition = Map.of("platform", "hexoskin", "server", "http://localhost", "stream", user + "/19", "v", 1);
        List<SourceRecord> page = source();
        if (page.size() != POINTS) {
            throw new IllegalStateException("the replayed read gave " + page.size() + " records, not " + POINTS);
        }
        sinkRecords = SinkRecordsOf.fromTopic("hexoskin.heart_rate", page);
        sinkMapper = new HexoskinSinkRecords(new HexoskinSinkConfig(Map.of("hexoskin.user.field", "user",
            "data.field", "value", "hexoskin.datatype", "heart_rate")), HR.id());
        server = new AcceptingHttp(200, "{\"meta\":{\"limit\":1000,\"next\":null,\"offset\":0,\"previous\":null,"
            + "\"total_count\":0},\"objects\":[]}");
        sinkTransport = server.transport();
        writer = new HexoskinWriter("bench", new HexoskinClient("http://localhost:8000", sinkTransport), false, 200,
            new UnknownOutcomeRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), metrics);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        replayTransport.close();
        sinkTransport.close();
    }

    private ReadBatch<HexoskinCursor> readPage(HexoskinClient client) throws Exception {
        HexoskinStreamReader reader = new HexoskinStreamReader("bench", client, user, HR, records, 65_535, 256,
            false, metrics);
        return reader.readAfter(reader.initialCursor(), POINTS);
    }

    /** A read of Hexoskin JSON to SourceRecords. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public List<SourceRecord> source() throws Exception {
        recording.rewind();
        return SourceRecordsOf.page(readPage(replayClient), partition, codec);
    }

    /** Sink records to the bodies of Hexoskin's annotation requests. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long sink() throws Exception {
        SinkRecordsOf.Write<HexoskinSinkPoint> write = SinkRecordsOf.map(sinkMapper, sinkRecords);
        writer.write(write.target(), write.points());
        return server.bytes();
    }
}
