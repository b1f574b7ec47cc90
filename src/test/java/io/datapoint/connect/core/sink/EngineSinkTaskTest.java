package io.datapoint.connect.core.sink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class EngineSinkTaskTest {

    /** A platform task as small as the real ones: it only builds its parts. */
    static final class ExampleSinkTask extends EngineSinkTask<String> {
        final FakeStreamWriter writer = new FakeStreamWriter();
        final AtomicBoolean transportClosed = new AtomicBoolean();
        final AtomicReference<String> label = new AtomicReference<>();

        ExampleSinkTask() {
            super("example");
        }

        @Override
        protected Wiring<String> wire(Map<String, String> props, String label, ConnectorMetrics metrics) {
            this.label.set(label);
            RecordMapper<String> mapper = r -> RecordMapper.Mapped.of("stream-" + r.topic(), (String) r.value(), 1);
            return new Wiring<>(mapper, writer, new SinkEngineSettings(10, 1_000, Duration.ZERO, 1, 100),
                List.of(() -> transportClosed.set(true)));
        }
    }

    @Test
    void writesRecordsCommitsWhatIsDurableAndClosesThePlatformResources() {
        ExampleSinkTask task = new ExampleSinkTask();
        task.initialize(FakeSinkTaskContext.withReporter());
        task.start(Map.of("name", "s1"));
        assertEquals("example sink 's1'", task.label.get());

        TopicPartition tp = new TopicPartition("a", 0);
        task.put(List.of(new SinkRecord("a", 0, null, null, null, "p1", 0),
            new SinkRecord("a", 0, null, null, null, "p2", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> task.writer.written("stream-a").size() == 2);
        assertEquals(List.of("p1", "p2"), task.writer.written("stream-a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of(tp, new OffsetAndMetadata(2)));
            return committed.containsKey(tp) && committed.get(tp).offset() == 2;
        });

        task.close(List.of(tp));
        task.stop();
        assertTrue(task.transportClosed.get());
    }

    @Test
    void stopBeforeStartIsHarmless() {
        new ExampleSinkTask().stop();
    }
}
