package io.datapoint.connect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads records from a topic from the beginning, without a consumer group (partitions are assigned, not
 * subscribed), so every call sees the whole topic. Static helpers decode values and headers.
 */
public final class TopicReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;

    public TopicReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Reads at least {@code n} records of {@code topic} from its beginning, waiting up to {@code timeout}.
     *
     * @param readCommitted read with {@code isolation.level=read_committed} (only committed transactions)
     * @return every record read (possibly more than {@code n})
     * @throws AssertionError if fewer than {@code n} arrived in time
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int n, Duration timeout, boolean readCommitted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(readCommitted)) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < n && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < n) {
            throw new AssertionError("read " + records.size() + " of " + n + " records from " + topic + " within " + timeout);
        }
        return records;
    }

    /**
     * Every committed record of a topic now: read with {@code read_committed} up to the last stable offset, so that
     * transaction markers (exactly-once) are not counted as records.
     */
    public List<ConsumerRecord<byte[], byte[]>> committedNow(String topic) {
        return readToEnd(topic, true);
    }

    /** Every record of a topic now, up to its end offsets (the last stable ones when {@code readCommitted}). */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, boolean readCommitted) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(readCommitted)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
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

    /** The number of records in {@code topic} (end minus beginning offsets), 0 if it does not exist. */
    public long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(false)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
        }
    }

    /** Same as {@link #read(String, int, Duration, boolean)} with read_uncommitted. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int n, Duration timeout) {
        return read(topic, n, timeout, false);
    }

    /** The value as JSON ({@code null} node for a null value). */
    public static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        return json(record.value());
    }

    /** Bytes as JSON ({@code null} node for null). */
    public static JsonNode json(byte[] bytes) {
        if (bytes == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("value is not JSON: " + text(bytes), e);
        }
    }

    /**
     * The value's payload: for {@code JsonConverter} with {@code schemas.enable=true} the {@code payload} of the
     * envelope, else the JSON value itself.
     */
    public static JsonNode payload(ConsumerRecord<byte[], byte[]> record) {
        JsonNode value = json(record);
        return value.has("schema") && value.has("payload") ? value.get("payload") : value;
    }

    /** The headers, by key, values as UTF-8 text (the last header wins for a repeated key). */
    public static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), text(h.value()));
        }
        return headers;
    }

    /** Bytes as UTF-8 text, or "null". */
    public static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A consumer without group for this broker; the caller assigns partitions and closes it. */
    KafkaConsumer<byte[], byte[]> consumer(boolean readCommitted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                (readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED).toString());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
        while (true) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " does not exist");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.listTopics(Duration.ofSeconds(10)).getOrDefault(topic, List.of()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toList());
    }
}
