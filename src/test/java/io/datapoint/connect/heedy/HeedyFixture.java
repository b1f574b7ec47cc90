package io.datapoint.connect.heedy;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.datapoint.connect.heedy.sim.Datapoint;
import io.datapoint.connect.heedy.sim.HeedySimulator;
import io.datapoint.connect.testkit.Fault;
import io.datapoint.connect.testkit.PlatformFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** heedy for the reliability tests: alice's timeseries of numbers, read and written with one app token. */
public final class HeedyFixture implements PlatformFixture {

    private static final String BULK_TAG = "bulk";

    private HeedySimulator heedy;
    private String token;

    @Override
    public String name() {
        return "heedy";
    }

    @Override
    public void start() {
        heedy = HeedySimulator.start();
        heedy.setAuthFailureDelay(Duration.ZERO);
        token = heedy.createApp("alice", false);
    }

    @Override
    public Map<String, String> env() {
        return Map.of("HEEDY_URL", heedy.baseUrl(), "HEEDY_TOKEN", token);
    }

    @Override
    public Set<Fault> faults() {
        // app tokens do not expire
        return EnumSet.complementOf(EnumSet.of(Fault.TOKEN_EXPIRY));
    }

    @Override
    public void inject(Fault fault, int times) {
        switch (fault) {
            case RATE_LIMITED -> heedy.failNext(times, 429, "1", null);
            case SERVER_ERRORS -> {
                heedy.failNext(times / 2, 502, null, null);
                heedy.failNext(times - times / 2, 503, null, null);
            }
            case CONNECTION_RESET -> heedy.resetConnectionNext(times, null);
            case READ_TIMEOUT -> heedy.delayNext(times, Duration.ofMillis(1_500), null);
            case TRUNCATED_BODY -> heedy.truncateNext(times, null);
            case LOST_RESPONSE -> heedy.storeThenDropNext(times, null);
            case WEBSOCKET_DROP -> heedy.dropWebsockets();
            default -> throw new IllegalArgumentException("heedy cannot inject " + fault);
        }
    }

    @Override
    public int pendingFaults() {
        return heedy.pendingFaults();
    }

    @Override
    public void clearFaults() {
        heedy.clearFaults();
    }

    @Override
    public String sourceJson() {
        return "heedy-source.json";
    }

    @Override
    public String sinkJson() {
        return "heedy-sink.json";
    }

    @Override
    public String createStream(String name) {
        return heedy.createTimeseries("alice", null, name, null, null,
            HeedyClient.JSON.createObjectNode().put("type", "number"));
    }

    @Override
    public List<String> createStreams(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(heedy.createTimeseries("alice", null, "bulk" + i, null, BULK_TAG,
                HeedyClient.JSON.createObjectNode().put("type", "number")));
        }
        return ids;
    }

    @Override
    public Map<String, String> sourceOverridesForAll(String topic) {
        return overrides("heedy.objects", "", "heedy.tags", BULK_TAG, "topic.template", topic);
    }

    @Override
    public long requestCount() {
        return heedy.requestCount();
    }

    @Override
    public Map<String, String> sourceOverrides(String stream, String topic) {
        return overrides("heedy.objects", stream, "heedy.tags", "", "topic.template", topic);
    }

    @Override
    public Optional<Map<String, String>> pushOverrides() {
        return Optional.of(overrides("events.enabled", "true", "poll.interval.ms", "600000"));
    }

    @Override
    public Map<String, String> sinkOverrides(String stream, String topic) {
        return overrides("topics", topic, "heedy.key", "", "heedy.object", stream);
    }

    @Override
    public void append(String stream, double[] t, double[] values) {
        List<Datapoint> points = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            points.add(new Datapoint(t[i], 0, DoubleNode.valueOf(values[i])));
        }
        heedy.insert(stream, points);
    }

    @Override
    public long storedCount(String stream) {
        return heedy.length(stream);
    }

    @Override
    public List<String> stored(String stream) {
        return heedy.data(stream).stream().map(p -> p.t() + "=" + p.d().asDouble()).toList();
    }

    @Override
    public void close() {
        if (heedy != null) {
            heedy.close();
        }
    }
}
