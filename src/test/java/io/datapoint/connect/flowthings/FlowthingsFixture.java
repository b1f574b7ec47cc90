package io.datapoint.connect.flowthings;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator;
import io.datapoint.connect.testkit.Fault;
import io.datapoint.connect.testkit.PlatformFixture;
import io.datapoint.connect.testkit.TopicReader;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * flowthings for the reliability tests: flows of account {@code matrix} whose drops carry {@code {"t", "d"}} elems
 * (the server stamps its own creationDate), read over the websocket and REST and written with one token.
 */
public final class FlowthingsFixture implements PlatformFixture {

    private static final String ACCOUNT = "matrix";
    private static final String TOKEN = "matrix-token-0123456789";

    private FlowthingsSimulator sim;

    @Override
    public String name() {
        return "flowthings";
    }

    @Override
    public void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount(ACCOUNT, TOKEN);
    }

    @Override
    public Map<String, String> env() {
        return Map.of("FLOWTHINGS_URL", sim.apiUrl(), "FLOWTHINGS_WS_URL", sim.wsUrl(), "FLOWTHINGS_ACCOUNT", ACCOUNT,
            "FLOWTHINGS_TOKEN", TOKEN, "FLOWTHINGS_PATH_PREFIX", "/matrix", "FLOWTHINGS_SINK_PATH", "/matrix/sink");
    }

    @Override
    public Set<Fault> faults() {
        // tokens do not expire
        return EnumSet.complementOf(EnumSet.of(Fault.TOKEN_EXPIRY));
    }

    @Override
    public void inject(Fault fault, int times) {
        switch (fault) {
            case RATE_LIMITED -> sim.failNext(null, "", times, 429, "1");
            case SERVER_ERRORS -> {
                sim.failNext(null, "", times / 2, 502, null);
                sim.failNext(null, "", times - times / 2, 503, null);
            }
            case CONNECTION_RESET -> sim.resetNext(null, "", times);
            case READ_TIMEOUT -> sim.delayNext(null, "", times, 1_500);
            case TRUNCATED_BODY -> sim.truncateNext(null, "", times);
            case LOST_RESPONSE -> sim.storeThenDropNext(null, "", times);
            case WEBSOCKET_DROP -> sim.dropWebsockets();
            default -> throw new IllegalArgumentException("flowthings cannot inject " + fault);
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
        return "flowthings-source.json";
    }

    @Override
    public String sinkJson() {
        return "flowthings-sink.json";
    }

    @Override
    public String createStream(String name) {
        return sim.createFlow(ACCOUNT, "/matrix/" + name, 100_000);
    }

    @Override
    public Map<String, String> sourceOverridesForAll(String topic) {
        return overrides("flowthings.flows", "", "flowthings.path.prefix", "/matrix", "topic.template", topic);
    }

    @Override
    public long requestCount() {
        return sim.requestCount();
    }

    @Override
    public Map<String, String> sourceOverrides(String stream, String topic) {
        return overrides("flowthings.flows", stream, "flowthings.path.prefix", "", "topic.template", topic);
    }

    @Override
    public Optional<Map<String, String>> pushOverrides() {
        return Optional.of(overrides("websocket.enabled", "true", "poll.interval.ms", "600000"));
    }

    @Override
    public Map<String, String> sinkOverrides(String stream, String topic) {
        return overrides("topics", topic, "flowthings.flow.path", "", "flowthings.flow.id", stream, "data.field", "");
    }

    @Override
    public void append(String stream, double[] t, double[] values) {
        for (int i = 0; i < t.length; i++) {
            sim.insert(stream, JsonNodeFactory.instance.objectNode().put("t", t[i]).put("d", values[i]));
        }
    }

    @Override
    public long storedCount(String stream) {
        return sim.count(stream);
    }

    @Override
    public List<String> stored(String stream) {
        return sim.drops(stream).stream().map(drop -> point(drop.get("elems"))).toList();
    }

    @Override
    public String point(ConsumerRecord<byte[], byte[]> record) {
        JsonNode elems = TopicReader.payload(record).get("elems");
        return point(elems.isTextual() ? TopicReader.json(elems.asText().getBytes(
            java.nio.charset.StandardCharsets.UTF_8)) : elems);
    }

    private static String point(JsonNode elems) {
        return elems.get("t").asDouble() + "=" + elems.get("d").asDouble();
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
    }
}
