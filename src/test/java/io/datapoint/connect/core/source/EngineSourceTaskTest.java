package io.datapoint.connect.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class EngineSourceTaskTest {

    private static final String SERVER = "http://example:1";

    /** A platform task as small as the real ones: it only builds its parts. */
    static final class ExampleSourceTask extends EngineSourceTask<Long> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> assigned = new ArrayList<>();
        String label;

        ExampleSourceTask() {
            super("Example", "example");
        }

        @Override
        protected Setup<Long> setup(Map<String, String> props, String label, ConnectorMetrics metrics) {
            this.label = label;
            return new Setup<>(SERVER, new FakeStreamReader.Codec(), new SourceEngineSettings(Duration.ofHours(1),
                100, 1_000, Duration.ofSeconds(5), Duration.ofSeconds(1)), List.of(() -> events.add("transport")));
        }

        @Override
        protected List<FakeStreamReader> readers(List<String> streams, SourceEngine<Long> engine) {
            assigned.addAll(streams);
            return streams.stream().map(s -> new FakeStreamReader(s, 3)).toList();
        }

        @Override
        protected List<AutoCloseable> startPush(SourceEngine<Long> engine, ConnectorMetrics metrics) {
            events.add("push started");
            return List.of(() -> events.add("push"));
        }
    }

    private static SourceTaskContext context(OffsetStorageReader offsets) {
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return offsets;
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                return null;
            }
        };
    }

    private static Map<String, String> props(List<String> streams) {
        return Map.of("name", "ex", SourceCommonConfig.TASK_STREAMS, TaskConfigs.encodeStreams(streams));
    }

    @Test
    void readsTheAssignedStreamsFromTheirStoredOffsetsAndStopsPushBeforeTheTransport() throws Exception {
        ExampleSourceTask task = new ExampleSourceTask();
        // stream "b,1" (an id with a comma) resumes after its second datapoint
        task.initialize(context(new FakeOffsetStorageReader().put(
            SourcePartitions.of("example", SERVER, "b,1", 3), Map.of("pos", 2L))));
        task.start(props(List.of("a", "b,1")));
        assertTrue(task.label.startsWith("Example source 'ex' ("), task.label);
        assertEquals(List.of("a", "b,1"), task.assigned);
        assertEquals(List.of("push started"), task.events);

        List<String> values = new ArrayList<>();
        while (values.size() < 4) {
            List<SourceRecord> records = task.poll();
            assertTrue(records != null, "records arrive: " + values);
            records.forEach(r -> values.add((String) r.value()));
            records.forEach(r -> assertEquals("example", r.sourcePartition().get(SourcePartitions.PLATFORM)));
        }
        values.sort(null);
        assertEquals(List.of("a:0", "a:1", "a:2", "b,1:2"), values);

        task.stop();
        assertEquals(List.of("push started", "push", "transport"), task.events);
    }

    @Test
    void noStreamsStartsNoPush() {
        ExampleSourceTask task = new ExampleSourceTask();
        task.initialize(context(new FakeOffsetStorageReader()));
        task.start(props(List.of()));
        task.stop();
        assertEquals(List.of("transport"), task.events);
    }

    @Test
    void aMalformedStreamListSaysSo() {
        ExampleSourceTask task = new ExampleSourceTask();
        task.initialize(context(new FakeOffsetStorageReader()));
        ConnectException e = assertThrows(ConnectException.class,
            () -> task.start(Map.of("name", "ex", SourceCommonConfig.TASK_STREAMS, "a,b")));
        assertTrue(e.getMessage().contains("Example source 'ex'") && e.getMessage().contains("malformed"),
            e.getMessage());
    }
}
