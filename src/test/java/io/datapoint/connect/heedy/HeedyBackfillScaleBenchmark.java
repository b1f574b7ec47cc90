package io.datapoint.connect.heedy;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.heedy.sim.HeedySimulator;
import io.datapoint.connect.testkit.ConnectorJson;
import io.datapoint.connect.testkit.KafkaProcesses;
import io.datapoint.connect.testkit.ProjectPaths;
import io.datapoint.connect.testkit.TopicReader;
import io.datapoint.connect.testkit.bench.BackfillScale;
import io.datapoint.connect.testkit.bench.JfrHotMethods;
import io.datapoint.connect.testkit.bench.JvmProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scale in data ({@code ./mvnw -Pbenchmark verify}): one heedy timeseries of ten million datapoints (made on demand
 * by the simulator, {@link HeedySimulator#generate}) backfilled by the heedy source in a worker JVM limited to
 * {@code -Xmx256m}. Reports the rate per tenth of the points, the worker's heap after GC at 0, 10 %, 50 %, 90 % and
 * 100 % of them, and the hottest methods of a Flight Recording of the worker; asserts that every datapoint arrived once,
 * in order, and that the worker never ran out of memory.
 *
 * <p>{@code -Dbackfill.points=1000000} runs a shorter backfill; {@code -Dbackfill.jfr=false} records no profile.
 */
class HeedyBackfillScaleBenchmark {

    private static final long POINTS = Long.getLong("backfill.points", 10_000_000L);
    private static final boolean JFR = Boolean.parseBoolean(System.getProperty("backfill.jfr", "true"));
    private static final double T0 = 1_600_000_000;
    /** A 1 kHz sensor: ten million points span under three hours, and timestamps have a fraction. */
    private static final double STEP = 0.001;
    private static final String TOPIC = "scale";

    @Test
    void tenMillionPointBackfillInA256MiBWorker() throws Exception {
        Path workDir = ProjectPaths.targetDir().resolve("bench-backfill-scale");
        Path recording = workDir.resolve("worker.jfr");
        try (HeedySimulator heedy = HeedySimulator.start()) {
            String token = heedy.createApp("bench", false);
            String id = heedy.createTimeseries("bench", null, "scale", null, null,
                HeedyClient.JSON.createObjectNode().put("type", "number"));
            heedy.generate(id, POINTS, T0, STEP);
            KafkaProcesses.Builder builder = KafkaProcesses.builder(workDir)
                .pluginArchive(ProjectPaths.pluginArchive())
                .env(Map.of("HEEDY_URL", heedy.baseUrl(), "HEEDY_TOKEN", token))
                // an OutOfMemoryError anywhere ends the worker, so the run cannot hide one in a failed task
                .workerJvmArgs("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
            if (JFR) {
                builder.workerJvmArgs("-XX:StartFlightRecording=name=bench,settings=profile");
            }
            try (KafkaProcesses kafka = builder.start()) {
                BackfillScale scale = new BackfillScale("heedy-source", kafka, TOPIC, POINTS,
                    i -> Math.round((T0 + i * STEP) * 1000.0));
                ConnectorJson source = ConnectorJson.load(ProjectPaths.connectorsDir().resolve("heedy-source.json"))
                    .named("scale-source")
                    .with(overrides("heedy.objects", id, "heedy.tags", "", "topic.template", TOPIC,
                        "tasks.max", "1", "batch.size", "5000", "buffer.max.records", "20000"));
                scale.run(() -> kafka.rest().deploy(source),
                    Duration.ofSeconds(Math.max(600, POINTS / 2_000)));
                if (JFR) {
                    new JvmProbe(kafka.workerPid()).dumpFlightRecording("bench", recording);
                }
                scale.verify(1_000, (record, i) -> {
                    JsonNode value = TopicReader.payload(record);
                    assertEquals(T0 + i * STEP, value.get("t").asDouble(), "t of datapoint " + i);
                    assertEquals(i, value.get("d").asDouble(), "d of datapoint " + i);
                });
                assertFalse(Files.readString(kafka.workerLog()).contains("java.lang.OutOfMemoryError"),
                    "the worker ran out of memory; see " + kafka.workerLog());
            }
        }
        if (JFR) {
            JfrHotMethods.report("heedy-source backfill-scale", recording, 12);
        }
    }
}
