package io.datapoint.connect.hexoskin;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.hexoskin.sim.HexoskinSimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Hexoskin sink in a real Kafka broker and Connect worker, deployed from connectors/hexoskin-sink.json. */
class HexoskinSinkEndToEndTest {

    private static HexoskinSimulator sim;
    private static ConnectCluster cluster;
    private static long ann;
    private static long stranger;

    @BeforeAll
    static void start() {
        sim = HexoskinSimulator.start();
        ann = sim.createUser("ann@example.com", "ann-pw");
        stranger = sim.createUser("zed@example.com", "zed-pw");
        sim.apiKey("key-1", "secret-1");
        cluster = ConnectCluster.builder("hexoskin-sink").env("HEXOSKIN_URL", sim.baseUrl())
            .env("HEXOSKIN_API_KEY", "key-1").env("HEXOSKIN_API_SECRET", "secret-1")
            .env("HEXOSKIN_USERNAME", "ann@example.com").env("HEXOSKIN_PASSWORD", "ann-pw").start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** A record value as the JSON converter with schemas reads it: {user, t (ms), text}. */
    private static String value(long user, long t, String text) {
        return "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"user\",\"type\":\"int64\"},{\"field\":\"t\","
            + "\"type\":\"int64\"},{\"field\":\"text\",\"type\":\"string\"}]},\"payload\":{\"user\":" + user
            + ",\"t\":" + t + ",\"text\":\"" + text + "\"}}";
    }

    private static Set<String> stored(List<ObjectNode> annotations) {
        return annotations.stream().map(a -> a.path("user").asText() + "@" + a.path("start").asLong() + "="
            + a.path("annotation").asText() + "/" + a.path("datatype").asText()).collect(Collectors.toSet());
    }

    @Test
    void lostResponsesAndRetriesCreateNoDuplicateAndRejectsGoToTheDeadLetterQueue() {
        cluster.createTopic("notes", 1);
        Map<String, String> dlq = cluster.createDlqTopic("notes-dlq");
        Map<String, String> o = overrides("topics", "notes", "topics.regex", "", "data.field", "text",
            "time.field", "t", "time.field.unit", "milliseconds", "batch.linger.ms", "20", "batch.max.records", "10",
            "http.retry.backoff.ms", "50");
        o.putAll(dlq);
        cluster.deployProjectConnector("hexoskin-sink.json", "notes-sink", o);
        long base = 1_704_067_200_000L;
        for (int i = 0; i < 30; i++) {
            cluster.embedded().kafka().produce("notes", null, value(ann, base + i * 1000L, "note " + i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.annotations().size() == 30);

        // bulk writes that land but lose their answer, and 5xx before processing, mixed with refused records
        sim.dropResponseOfNext(3, "PATCH", "/api/annotation/");
        sim.failNext(2, "PATCH", "/api/annotation/", 503);
        sim.refuseAnnotationsContaining("refused by hexoskin");
        for (int i = 30; i < 60; i++) {
            cluster.embedded().kafka().produce("notes", null, value(ann, base + i * 1000L, "note " + i));
            if (i == 40) {
                // a user the credential may not write for: refused by Hexoskin (403)
                cluster.embedded().kafka().produce("notes", null, value(stranger, base + i * 1000L, "not mine"));
            }
            if (i == 45) {
                // refused by Hexoskin inside a bulk request of good records (400 for the whole request)
                cluster.embedded().kafka().produce("notes", null, value(ann, base + i * 1000L + 1,
                    "refused by hexoskin"));
            }
            if (i == 50) {
                // before 1970: refused by the mapping
                cluster.embedded().kafka().produce("notes", null, value(ann, -5000, "too early"));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.annotations().size() >= 60);
        List<ConsumerRecord<byte[], byte[]>> rejected = cluster.consume("notes-dlq", 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> sim.annotations().size()
            == 60);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            expected.add("/api/user/" + ann + "/@" + (base + i * 1000L) * 256 / 1000 + "=note " + i
                + "//api/datatype/19/");
        }
        assertEquals(expected, stored(sim.annotations()), "each record once, none twice");
        Set<String> dead = rejected.stream().map(r -> TopicReader.payload(r).path("text").asText())
            .collect(Collectors.toSet());
        assertEquals(Set.of("not mine", "too early", "refused by hexoskin"), dead);
        assertEquals(0, sim.pendingFaults(), "the lost answers and 503s hit the sink's bulk writes");
        assertTrue(sim.calls().stream().anyMatch(c -> c.method().equals("POST") && c.status() == 400),
            "the refused bulk request was searched one object at a time");
        cluster.rest().delete("notes-sink");
    }

    @Test
    void rangesAreWrittenWithTheirNameAndDuration() {
        cluster.createTopic("sessions", 1);
        cluster.deployProjectConnector("hexoskin-sink.json", "ranges-sink", overrides("topics", "sessions",
            "topics.regex", "", "hexoskin.sink.resource", "range", "hexoskin.user.field", "", "hexoskin.user",
            Long.toString(ann), "data.field", "text", "time.field", "t", "time.field.unit", "milliseconds",
            "range.duration.ms", "60000"));
        long base = 1_704_067_200_000L;
        for (int i = 0; i < 5; i++) {
            cluster.embedded().kafka().produce("sessions", null, value(ann, base + i * 3_600_000L, "run " + i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.ranges().size() == 5);
        for (ObjectNode r : sim.ranges()) {
            assertEquals(60 * 256, r.path("end").asLong() - r.path("start").asLong());
            assertTrue(r.path("name").asText().startsWith("run "));
        }
        cluster.rest().delete("ranges-sink");
    }
}
