package io.datapoint.connect.testkit.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tails a topic with a consumer on its own thread and notes, per key (a datapoint's value), the
 * {@link System#nanoTime()} at which its record was first read, and how many records carried it. The consumer keeps
 * its default fetch settings: what it sees is what any reader of the topic with the same isolation level sees.
 */
public final class TopicArrivals implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Function<ConsumerRecord<byte[], byte[]>, Long> key;
    private final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> copies = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /**
     * Starts tailing {@code topic} (which must exist) from its beginning.
     *
     * @param readCommitted read with {@code isolation.level=read_committed}: only records of committed transactions
     * @param key           what identifies the datapoint a record carries
     */
    public TopicArrivals(String bootstrapServers, String topic, boolean readCommitted,
                         Function<ConsumerRecord<byte[], byte[]>, Long> key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        IsolationLevel isolation = readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.key = key;
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "arrivals-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    long now = System.nanoTime();
                    Long k = key.apply(record);
                    firstSeen.putIfAbsent(k, now);
                    copies.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** When the record of {@code k} was first read, in {@link System#nanoTime()}; null if not yet. */
    public Long arrival(long k) {
        throwIfFailed();
        return firstSeen.get(k);
    }

    /** How many records carrying {@code k} were read so far. */
    public long copies(long k) {
        throwIfFailed();
        AtomicLong n = copies.get(k);
        return n == null ? 0 : n.get();
    }

    private void throwIfFailed() {
        RuntimeException f = failure;
        if (f != null) {
            throw new IllegalStateException("the reader of the topic failed", f);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
