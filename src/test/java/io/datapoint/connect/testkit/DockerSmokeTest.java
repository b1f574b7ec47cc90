package io.datapoint.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The harness against a broker from a Docker image ({@code apache/kafka-native}) instead of the embedded one: a Connect
 * worker in this JVM runs the counting connector from its JSON and its records are read back. Skipped without a
 * Docker engine; never the only proof of anything (ConnectClusterTest covers the same path embedded).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerSmokeTest {

    private static final Path COUNTING_JSON = Path.of("src/test/resources/testkit/counting-source.json");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:4.1.0");

    @Test
    void workerRunsAConnectorAgainstADockerBroker() {
        String scope = "docker-" + UUID.randomUUID();
        MapConfigProvider.scope(scope).put("COUNTING_TOPIC", "counted-docker");
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", KAFKA.getBootstrapServers());
        props.put("listeners", "http://localhost:0");
        props.put("group.id", "docker-smoke");
        props.put("config.storage.topic", "docker-smoke-configs");
        props.put("offset.storage.topic", "docker-smoke-offsets");
        props.put("status.storage.topic", "docker-smoke-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", "1000");
        props.put("config.providers", "env");
        props.put("config.providers.env.class", MapConfigProvider.class.getName());
        props.put("config.providers.env.param." + MapConfigProvider.SCOPE_PARAM, scope);
        WorkerHandle worker = WorkerHandle.start("docker-smoke", props);
        try {
            ConnectRestClient rest = new ConnectRestClient(worker.url());
            rest.deploy(ConnectorJson.load(COUNTING_JSON).with(Map.of("count", "10")));
            rest.awaitRunning("counting", 1, Duration.ofSeconds(60));

            assertEquals(10, new TopicReader(KAFKA.getBootstrapServers())
                    .read("counted-docker", 10, Duration.ofSeconds(60)).size());
        } finally {
            worker.stop();
            MapConfigProvider.dropScope(scope);
        }
    }
}
