package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Shared steps of the IOTile end-to-end tests. */
final class IotileEndToEnd {

    private IotileEndToEnd() {
    }

    /** Every committed record of a topic now (read_committed up to the last stable offset); empty if none. */
    static List<ConsumerRecord<byte[], byte[]>> committed(ConnectCluster cluster, String topic) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.embedded().kafka().createConsumer(props)) {
            var infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
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

    /** The {@code id} of each record's reading, in topic order. */
    static List<Long> ids(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Long> ids = new ArrayList<>();
        records.forEach(r -> ids.add(TopicReader.payload(r).get("id").asLong()));
        return ids;
    }

    /** The record key: the stream slug. */
    static String key(ConsumerRecord<byte[], byte[]> r) {
        JsonNode key = TopicReader.json(r.key());
        return key.has("payload") ? key.get("payload").asText() : key.asText();
    }
}
