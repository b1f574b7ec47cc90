package io.datapoint.connect.testkit.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Counts a topic's records cheaply and often: one consumer asks for its end offsets (without exactly-once). */
final class EndOffsets implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    EndOffsets(String bootstrapServers) {
        // never create the topic by asking: the connector creates it with its own settings
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The sum of the end offsets of {@code topic}'s partitions; 0 while it does not exist. */
    long count(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            return 0;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
