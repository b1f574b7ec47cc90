package io.datapoint.connect.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Per-stream and per-task counters published through Kafka Connect's plugin metrics (JMX), e.g.
 * {@code records-total}, {@code lag-seconds} per stream, {@code http-responses-total} per status class,
 * {@code http-retries-total}, {@code push-reconnects-total} and {@code gaps-total} per stream. Works without a
 * metrics registry too (counters only).
 */
public final class ConnectorMetrics implements AutoCloseable {

    private final PluginMetrics pluginMetrics;
    private final Map<String, StreamMetrics> streams = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<MetricName, Boolean> registered = new ConcurrentHashMap<>();

    /** @param pluginMetrics the task's plugin metrics, or null where the runtime offers none */
    public ConnectorMetrics(PluginMetrics pluginMetrics) {
        this.pluginMetrics = pluginMetrics;
    }

    /** The metrics of one stream, registered on first use. */
    public StreamMetrics stream(String streamId) {
        return streams.computeIfAbsent(streamId, id -> {
            StreamMetrics m = new StreamMetrics();
            gauge("records-total", "Datapoints handed to Kafka Connect for this stream", "stream", id,
                m.records::get);
            gauge("lag-seconds", "Seconds between now and the time of the newest datapoint read from this stream",
                "stream", id, m::lagSeconds);
            gauge("errors-total", "Failed reads or writes of this stream", "stream", id, m.errors::get);
            gauge("gaps-total", "Times datapoints of this stream were deleted by the platform (e.g. a capacity"
                + " limit) before the task could read them", "stream", id, m.gaps::get);
            return m;
        });
    }

    /** Increments a task-level counter such as {@code http-retries-total}; registered on first use. */
    public void increment(String name, String description, String tagKey, String tagValue) {
        add(name, description, tagKey, tagValue, 1);
    }

    /** Adds to a task-level counter; registered on first use. */
    public void add(String name, String description, String tagKey, String tagValue, long delta) {
        String key = name + "|" + tagKey + "=" + tagValue;
        counters.computeIfAbsent(key, k -> {
            AtomicLong counter = new AtomicLong();
            gauge(name, description, tagKey, tagValue, counter::get);
            return counter;
        }).addAndGet(delta);
    }

    /** The current value of a task-level counter (0 when never incremented). */
    public long counter(String name, String tagKey, String tagValue) {
        AtomicLong c = counters.get(name + "|" + tagKey + "=" + tagValue);
        return c == null ? 0 : c.get();
    }

    private void gauge(String name, String description, String tagKey, String tagValue,
                       java.util.function.Supplier<Long> value) {
        if (pluginMetrics == null) {
            return;
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put(tagKey, tagValue);
        MetricName metricName = pluginMetrics.metricName(name, description, tags);
        if (registered.putIfAbsent(metricName, Boolean.TRUE) == null) {
            pluginMetrics.addMetric(metricName, (Gauge<Long>) (config, now) -> value.get());
        }
    }

    @Override
    public void close() {
        if (pluginMetrics != null) {
            registered.keySet().forEach(pluginMetrics::removeMetric);
        }
        registered.clear();
    }

    /** Counters of one stream. */
    public static final class StreamMetrics {
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicLong gaps = new AtomicLong();
        private final AtomicLong newestEventTime = new AtomicLong(-1);

        /** Counts a datapoint and remembers its time for the lag gauge. */
        public void recordEmitted(long eventTimeMillis) {
            records.incrementAndGet();
            newestEventTime.accumulateAndGet(eventTimeMillis, Math::max);
        }

        public void recordError() {
            errors.incrementAndGet();
        }

        /** Counts a gap: datapoints the platform deleted before they could be read (they are lost). */
        public void recordGap() {
            gaps.incrementAndGet();
        }

        public long gaps() {
            return gaps.get();
        }

        public long records() {
            return records.get();
        }

        public long errors() {
            return errors.get();
        }

        long lagSeconds() {
            long newest = newestEventTime.get();
            return newest < 0 ? -1 : Math.max(0, (System.currentTimeMillis() - newest) / 1000);
        }
    }
}
