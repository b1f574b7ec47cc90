package io.datapoint.connect.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows topics from their beginning and keeps, per topic, how many records it has seen and the latest one. Counts
 * records, not offsets, so transaction markers of exactly-once sources are not counted. Not thread-safe.
 */
public final class TopicTail implements AutoCloseable {

    /** What has been seen of one topic. */
    public record Seen(long count, ConsumerRecord<byte[], byte[]> latest) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<String, Seen> seen = new TreeMap<>();

    public TopicTail(String bootstrapServers) {
        this.consumer = new TopicReader(bootstrapServers).consumer(true);
    }

    /** Adds topics to follow (from their beginning); topics that do not exist yet are tried again next time. */
    public void follow(Collection<String> topics) {
        Set<TopicPartition> added = new HashSet<>();
        for (String topic : topics) {
            if (seen.containsKey(topic)) {
                continue;
            }
            List<TopicPartition> partitions = TopicReader.partitions(consumer, topic);
            if (!partitions.isEmpty()) {
                added.addAll(partitions);
                seen.put(topic, new Seen(0, null));
            }
        }
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
        }
    }

    /** Reads what arrived since the last call (for up to {@code maxWait}). */
    public void poll(Duration maxWait) {
        if (assigned.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        int n;
        do {
            n = 0;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                n++;
                Seen before = seen.get(record.topic());
                ConsumerRecord<byte[], byte[]> latest = before.latest() == null
                        || record.timestamp() >= before.latest().timestamp() ? record : before.latest();
                seen.put(record.topic(), new Seen(before.count() + 1, latest));
            }
        } while (n > 0 && System.nanoTime() < deadline);
    }

    /** Per followed topic, what has been seen so far, by topic name. */
    public Map<String, Seen> seen() {
        return Map.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
