package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectorJson;
import io.datapoint.connect.testkit.ProjectPaths;
import io.datapoint.connect.testkit.TopicReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared steps of the heedy end-to-end tests: deploy the project's connector JSON, read records back. */
final class HeedyEndToEnd {

    private HeedyEndToEnd() {
    }

    /** Deploys {@code connectors/<file>} under another name with overrides, through the REST API. */
    static void deploy(ConnectCluster cluster, String file, String name, Map<String, String> overrides) {
        cluster.deploy(ConnectorJson.load(ProjectPaths.connectorsDir().resolve(file)).named(name), overrides);
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The {@code t} of each record, in topic order. */
    static List<Double> times(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Double> ts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ts.add(TopicReader.payload(r).get("t").asDouble());
        }
        return ts;
    }

    /** The object id a record is keyed by. */
    static String key(ConsumerRecord<byte[], byte[]> r) {
        JsonNode key = TopicReader.json(r.key());
        return key.has("payload") ? key.get("payload").asText() : key.asText();
    }

    /** Every record in a topic now. */
    static List<ConsumerRecord<byte[], byte[]>> all(ConnectCluster cluster, String topic) {
        int n = (int) cluster.topics().count(topic);
        return n == 0 ? List.of() : cluster.consume(topic, n);
    }
}
