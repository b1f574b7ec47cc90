package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.connectordb.sim.Datapoint;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.TopicReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared steps of the ConnectorDB end-to-end tests: deploy the project's connector JSON, read records back. */
final class ConnectorDbEndToEnd {

    private ConnectorDbEndToEnd() {
    }

    /** The {@code t} of each record, in topic order. */
    static List<Double> times(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Double> ts = new ArrayList<>();
        records.forEach(r -> ts.add(TopicReader.payload(r).get("t").asDouble()));
        return ts;
    }

    /** The {@code t} and {@code d} of each record, as text, in topic order. */
    static List<String> points(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> {
            JsonNode p = TopicReader.payload(r);
            out.add(p.get("t").asDouble() + "=" + p.get("d").asText());
        });
        return out;
    }

    /** The {@code t} and {@code d} of each stored datapoint, as {@link #points} renders records. */
    static List<String> stored(List<Datapoint> data) {
        List<String> out = new ArrayList<>();
        data.forEach(d -> out.add(d.t() + "=" + d.d().asText()));
        return out;
    }

    /** The stream path a record is keyed by. */
    static String key(ConsumerRecord<byte[], byte[]> r) {
        JsonNode key = TopicReader.json(r.key());
        return key.has("payload") ? key.get("payload").asText() : key.asText();
    }

    /**
     * Every committed record of a topic now: read with {@code read_committed} up to the last stable offset, so that
     * transaction markers (exactly-once) are not counted as records.
     */
    static List<ConsumerRecord<byte[], byte[]>> committed(ConnectCluster cluster, String topic) {
        return cluster.committedNow(topic);
    }
}
