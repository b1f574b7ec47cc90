package io.datapoint.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link KafkaProcesses}: a broker and a worker as real processes, a plugin loaded from {@code plugin.path}
 * only (the test connector is packed into its own jar; the worker's classpath has no test classes), and
 * {@code ${env:...}} resolved by {@code EnvVarConfigProvider} from the worker's environment.
 */
class KafkaProcessesIT {

    private static final Path COUNTING_JSON = Path.of("src/test/resources/testkit/counting-source.json");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void distributedWorkerRunsAPluginFromPluginPath() throws IOException {
        Path workDir = ProjectPaths.targetDir().resolve("it-kafka-processes-distributed");
        Path plugin = countingPlugin(ProjectPaths.targetDir().resolve("it-counting-plugin"));
        try (KafkaProcesses kafka = KafkaProcesses.builder(workDir).pluginDir(plugin)
                .env(Map.of("COUNTING_TOPIC", "counted")).start()) {
            System.out.printf("[measure] broker process (format + start) %d ms, distributed worker process %d ms%n",
                    kafka.brokerStartTime().toMillis(), kafka.workerStartTime().toMillis());

            assertTrue(kafka.rest().connectorPlugins().contains(CountingSourceConnector.class.getName()),
                    "plugin from plugin.path is listed");
            kafka.rest().deploy(ConnectorJson.load(COUNTING_JSON));
            kafka.rest().awaitRunning("counting", 1, TIMEOUT);

            List<ConsumerRecord<byte[], byte[]>> records = kafka.topics().read("counted", 100, TIMEOUT, true);
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(),
                    records.stream().map(r -> TopicReader.payload(r).path("seq").asLong()).toList());
            assertTrue(Files.readString(kafka.workerLog()).contains("Kafka Connect started"), "worker log is written");
        }
    }

    @Test
    void standaloneWorkerRunsAPluginFromPluginPath() throws IOException {
        Path workDir = ProjectPaths.targetDir().resolve("it-kafka-processes-standalone");
        Path plugin = countingPlugin(ProjectPaths.targetDir().resolve("it-counting-plugin"));
        try (KafkaProcesses kafka = KafkaProcesses.builder(workDir).pluginDir(plugin)
                .mode(KafkaProcesses.WorkerMode.STANDALONE).env(Map.of("COUNTING_TOPIC", "counted-standalone")).start()) {
            System.out.printf("[measure] broker process (format + start) %d ms, standalone worker process %d ms%n",
                    kafka.brokerStartTime().toMillis(), kafka.workerStartTime().toMillis());

            kafka.rest().deploy(ConnectorJson.load(COUNTING_JSON).with(Map.of("count", "20")));
            kafka.rest().awaitRunning("counting", 1, TIMEOUT);

            assertEquals(20, kafka.topics().read("counted-standalone", 20, TIMEOUT).size());
        }
    }

    /** A plugin folder with one jar: the counting connector's classes and its ServiceLoader manifest. */
    private static Path countingPlugin(Path dir) throws IOException {
        PluginArchive.deleteRecursively(dir);
        Path lib = Files.createDirectories(dir.resolve("counting-plugin"));
        try (OutputStream file = Files.newOutputStream(lib.resolve("counting-plugin.jar"));
             JarOutputStream jar = new JarOutputStream(file)) {
            for (Class<?> cls : List.of(CountingSourceConnector.class, CountingSourceTask.class)) {
                String entry = cls.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = cls.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("META-INF/services/" + SourceConnector.class.getName()));
            jar.write((CountingSourceConnector.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return lib;
    }
}
