package io.datapoint.connect.iotile;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.iotile.sim.IotileSimulator;
import io.datapoint.connect.testkit.Fault;
import io.datapoint.connect.testkit.PlatformFixture;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * IOTile Cloud for the reliability tests: streams of one project's device, written through the API (whole seconds,
 * integer values), read and written by one account that logs in with e-mail and password.
 */
public final class IotileFixture implements PlatformFixture {

    private static final String EMAIL = "matrix@example.com";
    private static final String PASSWORD = "matrix-password-1";
    private static final String PROJECT = "p--0000-0077";
    private static final String DEVICE = "d--0000-0000-0000-0077";

    private final AtomicInteger variables = new AtomicInteger(0x5100);
    private IotileSimulator sim;

    @Override
    public String name() {
        return "iotile";
    }

    @Override
    public void start() {
        sim = IotileSimulator.start();
        sim.createUser(EMAIL, PASSWORD);
        sim.createProject(EMAIL, PROJECT, "matrix");
        sim.createDevice(PROJECT, DEVICE);
    }

    @Override
    public Map<String, String> env() {
        return Map.of("IOTILE_URL", sim.baseUrl(), "IOTILE_EMAIL", EMAIL, "IOTILE_PASSWORD", PASSWORD);
    }

    @Override
    public Set<Fault> faults() {
        // no push channel
        return EnumSet.complementOf(EnumSet.of(Fault.WEBSOCKET_DROP));
    }

    @Override
    public void inject(Fault fault, int times) {
        switch (fault) {
            case RATE_LIMITED -> sim.failNext(times, 429, "1", null, null);
            case SERVER_ERRORS -> {
                sim.failNext(times / 2, 502, null, null, null);
                sim.failNext(times - times / 2, 503, null, null, null);
            }
            case CONNECTION_RESET -> sim.resetNext(times, null, null);
            case READ_TIMEOUT -> sim.delayNext(times, Duration.ofMillis(1_500), null, null);
            case TRUNCATED_BODY -> sim.truncateNext(times, null, null);
            case LOST_RESPONSE -> sim.storeThenDropNext(times, null, null);
            case TOKEN_EXPIRY -> sim.expireIssuedTokens();
            default -> throw new IllegalArgumentException("IOTile cannot inject " + fault);
        }
    }

    @Override
    public int pendingFaults() {
        return sim.pendingFaults();
    }

    @Override
    public void clearFaults() {
        sim.clearFaults();
    }

    @Override
    public String sourceJson() {
        return "iotile-source.json";
    }

    @Override
    public String sinkJson() {
        return "iotile-sink.json";
    }

    @Override
    public String createStream(String name) {
        String slug = "s--0000-0077--0000-0000-0000-0077--" + String.format("%04x", variables.getAndIncrement());
        sim.createStream(slug, name);
        return slug;
    }

    @Override
    public Map<String, String> sourceOverridesForAll(String topic) {
        return overrides("iotile.streams", "", "iotile.projects", PROJECT, "topic.template", topic);
    }

    @Override
    public long requestCount() {
        return sim.requestCount();
    }

    @Override
    public Map<String, String> sourceOverrides(String stream, String topic) {
        return overrides("iotile.streams", stream, "iotile.projects", "", "topic.template", topic);
    }

    @Override
    public Map<String, String> sinkOverrides(String stream, String topic) {
        return overrides("topics", topic, "iotile.stream", stream, "time.field", "t", "time.field.unit", "seconds",
            "iotile.value.field", "d");
    }

    @Override
    public boolean integerValues() {
        return true;
    }

    @Override
    public void append(String stream, double[] t, double[] values) {
        for (int i = 0; i < t.length; i++) {
            sim.apiReading(stream, Instant.ofEpochSecond((long) t[i]), (long) values[i]);
        }
    }

    @Override
    public long storedCount(String stream) {
        return sim.count(stream);
    }

    @Override
    public List<String> stored(String stream) {
        return sim.data(stream).stream().map(r -> (double) r.second() + "=" + (double) r.intValue()).toList();
    }

    @Override
    public String point(ConsumerRecord<byte[], byte[]> record) {
        JsonNode payload = TopicReader.payload(record);
        return payload.get("timestamp").asLong() / 1000.0 + "=" + payload.get("int_value").asDouble();
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
    }
}
