package io.datapoint.connect.hexoskin;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator;
import io.datapoint.connect.testkit.Fault;
import io.datapoint.connect.testkit.PlatformFixture;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hexoskin for the reliability tests. A stream is a user's heart rate: the source reads its samples (each append is
 * a recording that syncs), the sink writes annotations whose text is the value; both render as
 * {@code "<tick / 256>=<value>"}.
 */
public final class HexoskinFixture implements PlatformFixture {

    private static final int HEART_RATE = 19;
    private HexoskinSimulator sim;
    private long account;
    private int streams;

    @Override
    public String name() {
        return "hexoskin";
    }

    @Override
    public void start() {
        sim = HexoskinSimulator.start();
        account = sim.createUser("matrix@example.com", "matrix-pw");
        sim.apiKey("matrix-key", "matrix-secret");
        sim.oauthClient("matrix-client", "matrix-client-secret", account);
    }

    @Override
    public Map<String, String> env() {
        return Map.of("HEXOSKIN_URL", sim.baseUrl(), "HEXOSKIN_API_KEY", "matrix-key", "HEXOSKIN_API_SECRET",
            "matrix-secret", "HEXOSKIN_USERNAME", "matrix@example.com", "HEXOSKIN_PASSWORD", "matrix-pw",
            "HEXOSKIN_OAUTH2_CLIENT_SECRET", "matrix-client-secret");
    }

    /** Every fault but the websocket drop (no push channel); OAuth2, so that tokens can expire. */
    @Override
    public Set<Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(Fault.WEBSOCKET_DROP));
    }

    @Override
    public void inject(Fault fault, int times) {
        switch (fault) {
            case RATE_LIMITED -> sim.throttleNext(times, null, "/api/", 1);
            case SERVER_ERRORS -> {
                sim.failNext(times / 2, null, "/api/", 502);
                sim.failNext(times - times / 2, null, "/api/", 503);
            }
            case CONNECTION_RESET -> sim.resetNext(times, null, "/api/");
            case READ_TIMEOUT -> sim.delayNext(times, null, "/api/", Duration.ofMillis(1_500));
            case TRUNCATED_BODY -> sim.truncateNext(times, null, "/api/");
            case LOST_RESPONSE -> sim.dropResponseOfNext(times, null, "/api/");
            case TOKEN_EXPIRY -> sim.expireAccessTokens();
            default -> throw new IllegalArgumentException("hexoskin cannot inject " + fault);
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
        return "hexoskin-source.json";
    }

    @Override
    public String sinkJson() {
        return "hexoskin-sink.json";
    }

    /** A new user the account can see and write for; the stream id is the user id. */
    @Override
    public String createStream(String name) {
        long user = sim.createUser(name + "-" + (++streams) + "@example.com", "pw");
        sim.share(account, user);
        return Long.toString(user);
    }

    private static Map<String, String> oauth(Map<String, String> o) {
        o.put("hexoskin.auth", "oauth2");
        o.put("hexoskin.api.key", "");
        o.put("hexoskin.api.secret", "");
        o.put("hexoskin.oauth2.client.id", "matrix-client");
        o.put("hexoskin.oauth2.client.secret", "${env:HEXOSKIN_OAUTH2_CLIENT_SECRET}");
        return o;
    }

    @Override
    public Map<String, String> sourceOverridesForAll(String topic) {
        // "all" also selects the account's own user, which holds nothing
        return oauth(overrides("hexoskin.users", "all", "hexoskin.datatypes", "heart_rate", "topic.template",
            topic));
    }

    @Override
    public long requestCount() {
        return sim.requestCount();
    }

    @Override
    public Map<String, String> sourceOverrides(String stream, String topic) {
        return oauth(overrides("hexoskin.users", stream, "hexoskin.datatypes", "heart_rate", "topic.template",
            topic, "tasks.max", "1"));
    }

    @Override
    public Map<String, String> sinkOverrides(String stream, String topic) {
        return oauth(overrides("topics", topic, "topics.regex", "", "hexoskin.user", stream, "hexoskin.user.field",
            "", "data.field", "d", "time.field", "t", "time.field.unit", "seconds"));
    }

    /** A recording of the samples syncs: a complete record over them, modified now. */
    @Override
    public void append(String stream, double[] t, double[] values) {
        long user = Long.parseLong(stream);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < t.length; i++) {
            long tick = Math.round(t[i] * 256);
            double v = values[i];
            sim.preload(user, HEART_RATE, tick, 1, 1, k -> v);
            first = Math.min(first, tick);
            last = Math.max(last, tick);
        }
        sim.createRecord(user, first, last, "complete");
    }

    @Override
    public long storedCount(String stream) {
        long user = Long.parseLong(stream);
        return sim.sampleCount(user, HEART_RATE) + sim.annotationCount(user);
    }

    @Override
    public List<String> stored(String stream) {
        long user = Long.parseLong(stream);
        TreeMap<Long, List<String>> byTick = new TreeMap<>();
        sim.samples(user, HEART_RATE).forEach((tick, v) -> byTick.computeIfAbsent(tick, k -> new ArrayList<>())
            .add(tick / 256.0 + "=" + v));
        for (ObjectNode a : sim.annotations()) {
            if (a.path("user").asText().equals("/api/user/" + user + "/")) {
                long tick = a.path("start").asLong();
                byTick.computeIfAbsent(tick, k -> new ArrayList<>())
                    .add(tick / 256.0 + "=" + Double.parseDouble(a.path("annotation").asText()));
            }
        }
        List<String> out = new ArrayList<>();
        byTick.values().forEach(out::addAll);
        return out;
    }

    @Override
    public String point(ConsumerRecord<byte[], byte[]> record) {
        JsonNode p = TopicReader.payload(record);
        return p.get("tick").asLong() / 256.0 + "=" + p.get("value").asDouble();
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
    }
}
