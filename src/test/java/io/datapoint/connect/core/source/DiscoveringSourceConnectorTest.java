package io.datapoint.connect.core.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.http.HttpStatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class DiscoveringSourceConnectorTest {

    private static final ConfigDef CONFIG = SourceCommonConfig.defineTaskStreams(
        SourceCommonConfig.defineDiscoveryInterval(new ConfigDef(), "Streams", 1, "doc"));

    /** A platform connector as small as the real ones: it only says how to list its streams. */
    static final class ExampleSourceConnector extends DiscoveringSourceConnector {
        final AtomicReference<List<String>> streams = new AtomicReference<>(List.of("b#1", "a#1", "c,d#1"));
        final List<String> closed = new CopyOnWriteArrayList<>();
        volatile int failWith;

        ExampleSourceConnector() {
            super(new Platform("Example", "example", "things", CONFIG, EngineSourceTaskTest.ExampleSourceTask.class,
                new FakeStreamReader.Codec()));
        }

        @Override
        protected Selection select(Map<String, String> props, String label) {
            return new Selection(() -> {
                if (failWith != 0) {
                    throw new HttpStatusException("GET", HttpUrl.get("http://example:1/things"), failWith,
                        Headers.of(), "");
                }
                List<String> sorted = new ArrayList<>(streams.get());
                sorted.sort(null);
                return sorted;
            }, e -> "HTTP " + e.status() + ". Check example.token.", List.of(() -> closed.add("transport")));
        }

        @Override
        protected void checkStreamId(String streamId) {
            if (streamId.startsWith("x")) {
                throw new IllegalArgumentException("no stream starts with x");
            }
        }
    }

    private static SourceConnectorContext context(AtomicInteger reconfigurations) {
        return new SourceConnectorContext() {
            @Override
            public OffsetStorageReader offsetStorageReader() {
                return null;
            }

            @Override
            public void requestTaskReconfiguration() {
                reconfigurations.incrementAndGet();
            }

            @Override
            public void raiseError(Exception e) {
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                return null;
            }
        };
    }

    @Test
    void spreadsTheListedStreamsWithoutFingerprintsAndReconfiguresWhenTheyChange() {
        AtomicInteger reconfigurations = new AtomicInteger();
        ExampleSourceConnector connector = new ExampleSourceConnector();
        connector.initialize((ConnectorContext) context(reconfigurations));
        connector.start(Map.of("name", "ex", SourceCommonConfig.DISCOVERY_INTERVAL_MS, "1000"));
        try {
            List<Map<String, String>> tasks = connector.taskConfigs(2);
            assertEquals(2, tasks.size());
            List<String> assigned = new ArrayList<>();
            tasks.forEach(t -> assigned.addAll(TaskConfigs.decodeStreams(t.get(SourceCommonConfig.TASK_STREAMS))));
            assertEquals(List.of("a", "b", "c,d"), assigned);
            assertEquals("ex", tasks.get(0).get("name"));

            connector.streams.set(List.of("a#2", "b#1", "c,d#1")); // a's schema changed
            await().atMost(Duration.ofSeconds(10)).until(() -> reconfigurations.get() == 1);
        } finally {
            connector.stop();
        }
        assertEquals(List.of("transport"), connector.closed);
    }

    @Test
    void noStreamsMeansNoTasks() {
        ExampleSourceConnector connector = new ExampleSourceConnector();
        connector.streams.set(List.of());
        connector.initialize((ConnectorContext) context(new AtomicInteger()));
        connector.start(Map.of("name", "ex"));
        try {
            assertEquals(List.of(), connector.taskConfigs(3));
        } finally {
            connector.stop();
        }
    }

    @Test
    void aFailedFirstListingFailsTheStartInThePlatformsWords() {
        ExampleSourceConnector connector = new ExampleSourceConnector();
        connector.failWith = 401;
        connector.initialize((ConnectorContext) context(new AtomicInteger()));
        ConnectException e = assertThrows(ConnectException.class, () -> connector.start(Map.of("name", "ex")));
        assertEquals("Example source 'ex': listing the things failed: HTTP 401. Check example.token.",
            e.getMessage());
        connector.stop();
    }

    @Test
    void supportsExactlyOnceAndChecksOffsetsSentThroughRest() {
        ExampleSourceConnector connector = new ExampleSourceConnector();
        assertEquals(ExactlyOnceSupport.SUPPORTED, connector.exactlyOnceSupport(Map.of()));
        Map<Map<String, ?>, Map<String, ?>> good = new HashMap<>();
        good.put(SourcePartitions.of("example", "http://example:1", "a", 3), Map.of("pos", 5));
        good.put(SourcePartitions.of("example", "http://example:1", "b", 3), null);
        assertTrue(connector.alterOffsets(Map.of(), good));
        ConnectException badOffset = assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(),
            Map.of(SourcePartitions.of("example", "http://example:1", "a", 3), Map.of("pos", "five"))));
        assertTrue(badOffset.getMessage().startsWith("Invalid Example offset"), badOffset.getMessage());
        ConnectException badStream = assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(),
            Map.of(SourcePartitions.of("example", "http://example:1", "x1", 3), Map.of("pos", 1))));
        assertTrue(badStream.getMessage().contains("no stream starts with x"), badStream.getMessage());
    }
}
