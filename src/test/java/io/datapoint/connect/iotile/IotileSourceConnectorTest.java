package io.datapoint.connect.iotile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.iotile.sim.IotileSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/** Discovery of the IOTile source: slugs from the three selections, once each, and unit changes reconfigure. */
class IotileSourceConnectorTest {

    @Test
    void streamsOfProjectsDevicesAndSlugsAreAssignedOnceAndAChangedOutputUnitReconfiguresTheTasks() {
        try (IotileSimulator sim = IotileSimulator.start()) {
            sim.createUser("c@example.com", "pw");
            sim.createProject("c@example.com", "p--0000-0040", "c");
            sim.createDevice("p--0000-0040", "d--0000-0000-0000-0041");
            String a = "s--0000-0040--0000-0000-0000-0041--5001";
            String b = "s--0000-0040--0000-0000-0000-0000--5002";
            sim.createStream(a, "a");
            sim.createStream(b, "b");
            sim.setOutputUnit(a, "out--a", "A", 1, 1, 0);
            AtomicInteger reconfigurations = new AtomicInteger();
            IotileSourceConnector connector = new IotileSourceConnector();
            connector.initialize(new SourceConnectorContext() {
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
                    throw new AssertionError(e);
                }

                @Override
                public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                    return null;
                }
            });
            connector.start(Map.of("name", "disc", "iotile.url", sim.baseUrl(), "iotile.email", "c@example.com",
                "iotile.password", "pw", "iotile.projects", "p--40", "iotile.devices", "d--41",
                "iotile.streams", "s--40--41--5001", "iotile.output.units", "true", "discovery.interval.ms", "1000"));
            try {
                List<Map<String, String>> tasks = connector.taskConfigs(4);
                assertEquals(2, tasks.size());
                assertEquals(List.of(b), TaskConfigs.decodeStreams(tasks.get(0).get(SourceCommonConfig.TASK_STREAMS)));
                assertEquals(List.of(a), TaskConfigs.decodeStreams(tasks.get(1).get(SourceCommonConfig.TASK_STREAMS)),
                    "the stream selected three ways is assigned once, without its fingerprint");
                sim.setOutputUnit(a, "out--a2", "A2", 2, 1, 0);
                await().atMost(Duration.ofSeconds(10)).until(() -> reconfigurations.get() == 1);
            } finally {
                connector.stop();
            }
        }
    }
}
