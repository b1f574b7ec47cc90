package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.TopicReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared steps of the heedy end-to-end tests: deploy the project's connector JSON, read records back. */
final class HeedyEndToEnd {

    private HeedyEndToEnd() {
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
