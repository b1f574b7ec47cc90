package io.datapoint.connect.connectordb;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.connectordb.sim.ConnectorDbSimulator;
import io.datapoint.connect.connectordb.sim.Datapoint;
import io.datapoint.connect.testkit.Fault;
import io.datapoint.connect.testkit.PlatformFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** ConnectorDB for the reliability tests: number streams of alice's user device, read and written with its API key. */
public final class ConnectorDbFixture implements PlatformFixture {

    private ConnectorDbSimulator sim;
    private String key;

    @Override
    public String name() {
        return "connectordb";
    }

    @Override
    public void start() {
        sim = ConnectorDbSimulator.start();
        sim.setFailedLoginDelay(Duration.ZERO);
        sim.createUser("alice", "secret");
        key = sim.userApiKey("alice");
    }

    @Override
    public Map<String, String> env() {
        return Map.of("CONNECTORDB_URL", sim.baseUrl(), "CONNECTORDB_APIKEY", key);
    }

    @Override
    public Set<Fault> faults() {
        // API keys do not expire
        return EnumSet.complementOf(EnumSet.of(Fault.TOKEN_EXPIRY));
    }

    @Override
    public void inject(Fault fault, int times) {
        switch (fault) {
            case RATE_LIMITED -> sim.failNext(times, 429, "1", null);
            case SERVER_ERRORS -> {
                sim.failNext(times / 2, 502, null, null);
                sim.failNext(times - times / 2, 503, null, null);
            }
            case CONNECTION_RESET -> sim.resetConnectionNext(times, null);
            case READ_TIMEOUT -> sim.delayNext(times, Duration.ofMillis(1_500), null);
            case TRUNCATED_BODY -> sim.truncateNext(times, null);
            case LOST_RESPONSE -> sim.storeThenDropNext(times, null);
            case WEBSOCKET_DROP -> sim.dropWebsockets();
            default -> throw new IllegalArgumentException("ConnectorDB cannot inject " + fault);
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
        return "connectordb-source.json";
    }

    @Override
    public String sinkJson() {
        return "connectordb-sink.json";
    }

    @Override
    public String createStream(String name) {
        String path = "alice/user/" + name.replaceAll("[^a-z0-9_]", "_");
        sim.createStream(path, JsonNodeFactory.instance.objectNode().put("type", "number"), false);
        return path;
    }

    @Override
    public Map<String, String> sourceOverridesForAll(String topic) {
        return overrides("connectordb.streams", "", "connectordb.devices", "alice/user", "topic.template", topic);
    }

    @Override
    public long requestCount() {
        return sim.requestCount();
    }

    @Override
    public Map<String, String> sourceOverrides(String stream, String topic) {
        return overrides("connectordb.streams", stream, "connectordb.devices", "", "topic.template", topic);
    }

    @Override
    public Optional<Map<String, String>> pushOverrides() {
        return Optional.of(overrides("websocket.enabled", "true", "poll.interval.ms", "600000"));
    }

    @Override
    public Map<String, String> sinkOverrides(String stream, String topic) {
        return overrides("topics", topic, "connectordb.stream", stream);
    }

    @Override
    public void append(String stream, double[] t, double[] values) {
        List<Datapoint> points = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            points.add(new Datapoint(t[i], DoubleNode.valueOf(values[i]), null));
        }
        sim.insert(stream, points);
    }

    @Override
    public long storedCount(String stream) {
        return sim.data(stream).size();
    }

    @Override
    public List<String> stored(String stream) {
        return sim.data(stream).stream().map(p -> p.t() + "=" + p.d().asDouble()).toList();
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
    }
}
