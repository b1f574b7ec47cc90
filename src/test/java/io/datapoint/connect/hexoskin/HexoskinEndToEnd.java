package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Shared steps of the Hexoskin end-to-end tests: read committed records back. */
final class HexoskinEndToEnd {

    private HexoskinEndToEnd() {
    }

    /** Every committed record of a topic now ({@code read_committed}, so transaction markers are not counted). */
    static List<ConsumerRecord<byte[], byte[]>> committed(ConnectCluster cluster, String topic) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.embedded().kafka().createConsumer(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The committed records' samples, tick → value; fails on a tick seen twice. */
    static Map<Long, Double> samples(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Long, Double> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode p = TopicReader.payload(r);
            Double prev = out.put(p.get("tick").asLong(), p.get("value").asDouble());
            if (prev != null) {
                throw new AssertionError("tick " + p.get("tick") + " delivered twice in " + r.topic());
            }
        }
        return out;
    }
}
