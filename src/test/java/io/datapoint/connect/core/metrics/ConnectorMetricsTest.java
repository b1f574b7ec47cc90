package io.datapoint.connect.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.junit.jupiter.api.Test;

class ConnectorMetricsTest {

    /** Holds the metrics added to it, as the worker's plugin metrics would. */
    private static final class FakePluginMetrics implements PluginMetrics {
        final Map<MetricName, MetricValueProvider<?>> metrics = new ConcurrentHashMap<>();
        int adds;

        @Override
        public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
            return new MetricName(name, "plugins", description, tags);
        }

        @Override
        public void addMetric(MetricName name, MetricValueProvider<?> provider) {
            adds++;
            if (metrics.putIfAbsent(name, provider) != null) {
                throw new IllegalArgumentException("metric " + name + " already exists");
            }
        }

        @Override
        public void removeMetric(MetricName name) {
            metrics.remove(name);
        }

        @Override
        public Sensor addSensor(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeSensor(String name) {
        }

        Object value(String name, String tagKey, String tagValue) {
            MetricValueProvider<?> p = metrics.get(new MetricName(name, "plugins", "", Map.of(tagKey, tagValue)));
            assertNotNull(p, name + " {" + tagKey + "=" + tagValue + "} in " + metrics.keySet());
            return ((Gauge<?>) p).value(null, System.currentTimeMillis());
        }
    }

    private final FakePluginMetrics plugin = new FakePluginMetrics();
    private final ConnectorMetrics metrics = new ConnectorMetrics(plugin);

    @Test
    void streamGaugesFollowTheCounters() {
        ConnectorMetrics.StreamMetrics s = metrics.stream("temp");

        assertEquals(0L, plugin.value("records-total", "stream", "temp"));
        assertEquals(-1L, plugin.value("lag-seconds", "stream", "temp"), "no datapoint yet");

        s.recordEmitted(System.currentTimeMillis() - 5_000);
        s.recordEmitted(System.currentTimeMillis() - 60_000); // older: the lag follows the newest
        s.recordError();

        assertEquals(2L, plugin.value("records-total", "stream", "temp"));
        assertEquals(1L, plugin.value("errors-total", "stream", "temp"));
        long lag = (Long) plugin.value("lag-seconds", "stream", "temp");
        assertTrue(lag >= 5 && lag < 60, "lag " + lag);
        assertEquals(2, s.records());
        assertEquals(1, s.errors());
    }

    @Test
    void gapsAreCountedPerStream() {
        ConnectorMetrics.StreamMetrics s = metrics.stream("temp");
        assertEquals(0L, plugin.value("gaps-total", "stream", "temp"));
        s.recordGap();
        s.recordGap();
        assertEquals(2L, plugin.value("gaps-total", "stream", "temp"));
        assertEquals(2, s.gaps());
        assertEquals(0, metrics.stream("other").gaps());
    }

    @Test
    void aStreamIsRegisteredOnce() {
        ConnectorMetrics.StreamMetrics first = metrics.stream("temp");

        assertTrue(first == metrics.stream("temp"));
        assertEquals(4, plugin.adds, "records, lag, errors and gaps");
    }

    @Test
    void countersAreRegisteredOnFirstUseAndAdd() {
        assertEquals(0, metrics.counter("http-retries-total", "host", "h"));

        metrics.increment("http-retries-total", "Retries", "host", "h");
        metrics.add("http-retries-total", "Retries", "host", "h", 4);
        metrics.increment("http-retries-total", "Retries", "host", "other");

        assertEquals(5, metrics.counter("http-retries-total", "host", "h"));
        assertEquals(1, metrics.counter("http-retries-total", "host", "other"));
        assertEquals(5L, plugin.value("http-retries-total", "host", "h"));
        assertEquals(2, plugin.adds);
    }

    @Test
    void closeRemovesEveryRegisteredMetric() {
        metrics.stream("temp");
        metrics.increment("push-reconnects-total", "Reconnects", "channel", "events");
        assertEquals(5, plugin.metrics.size());

        metrics.close();

        assertTrue(plugin.metrics.isEmpty());
    }

    @Test
    void worksWithoutPluginMetrics() {
        ConnectorMetrics bare = new ConnectorMetrics(null);

        bare.stream("temp").recordEmitted(1);
        bare.increment("sink-records-total", "Outcomes", "outcome", "written");
        bare.close();

        assertEquals(1, bare.stream("temp").records());
        assertEquals(1, bare.counter("sink-records-total", "outcome", "written"));
    }
}
