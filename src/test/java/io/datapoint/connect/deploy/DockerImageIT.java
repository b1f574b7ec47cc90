package io.datapoint.connect.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.heedy.sim.HeedyPlatform;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.ConnectorJson;
import io.datapoint.connect.testkit.ProjectPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The images of {@code docker/} for real, where a Docker engine exists (skipped cleanly where none does): builds
 * {@code docker/Dockerfile} (and {@code docker/Dockerfile.avro}) with the plugin archive that {@code package} made,
 * starts the compose file's broker ({@code apache/kafka}, its environment read from
 * {@code docker/docker-compose.yml}) and that worker on one network, and runs {@code connectors/heedy-source.json}
 * against the heedy simulator on the host. The JSON worker's records are read back from the topic inside the broker
 * container; the Avro worker's value schema is read back from the Schema Registry of the compose file's avro
 * profile.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class DockerImageIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static Network network;
    private static GenericContainer<?> kafka;
    private static HeedyPlatform heedy;
    private static int heedyPort;

    private static JsonNode service(String name) {
        return DeployFiles.yamlDocuments(DeployFiles.dockerDir().resolve("docker-compose.yml")).get(0)
            .path("services").path(name);
    }

    /** A compose service's image with its environment (the map form used in docker-compose.yml). */
    private static GenericContainer<?> fromCompose(String name) {
        JsonNode service = service(name);
        GenericContainer<?> c = new GenericContainer<>(service.path("image").asText());
        service.path("environment").properties().forEach(e -> c.withEnv(e.getKey(), e.getValue().asText()));
        return c.withNetwork(network).withNetworkAliases(service.path("hostname").asText(name));
    }

    /** Builds one of our Dockerfiles from exactly the files its COPY lines and dockerignore let in. */
    private static ImageFromDockerfile image(String dockerfile) {
        Path root = ProjectPaths.root();
        Path archive = ProjectPaths.pluginArchive();
        return new ImageFromDockerfile("datapoint-connect-it-" + dockerfile.toLowerCase().replace('.', '-'), true)
            .withFileFromPath("Dockerfile", root.resolve("docker").resolve(dockerfile))
            .withFileFromPath("target/" + archive.getFileName(), archive)
            .withFileFromPath("config/connect-distributed.properties", root.resolve("config/connect-distributed.properties"))
            .withFileFromPath("config/connect-log4j2.properties", root.resolve("config/connect-log4j2.properties"))
            .withFileFromPath("docker/connect-avro.properties", root.resolve("docker/connect-avro.properties"));
    }

    private static GenericContainer<?> worker(String dockerfile, String alias) {
        Map<String, String> env = new HashMap<>();
        env.put("HEEDY_URL", "http://host.testcontainers.internal:" + heedyPort);
        env.put("HEEDY_TOKEN", heedy.env().get("HEEDY_TOKEN"));
        return new GenericContainer<>(image(dockerfile))
            .withNetwork(network).withNetworkAliases(alias)
            .withEnv(env)
            .withExposedPorts(8083)
            .waitingFor(Wait.forHttp("/health").forPort(8083).withStartupTimeout(START));
    }

    @BeforeAll
    static void start() {
        heedy = new HeedyPlatform();
        heedy.start();
        heedyPort = URI.create(heedy.env().get("HEEDY_URL")).getPort();
        Testcontainers.exposeHostPorts(heedyPort);
        network = Network.newNetwork();
        kafka = fromCompose("kafka").waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
            .withStartupTimeout(START));
        kafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
        if (heedy != null) {
            heedy.close();
        }
    }

    @Test
    void theApacheImageRunsTheHeedySourceFromItsJson() throws Exception {
        try (GenericContainer<?> connect = worker("Dockerfile", "connect")) {
            connect.start();
            ConnectRestClient rest = new ConnectRestClient(
                URI.create("http://" + connect.getHost() + ":" + connect.getMappedPort(8083)));
            assertTrue(rest.connectorPlugins().contains("io.datapoint.connect.heedy.HeedySourceConnector"));
            rest.deploy(ConnectorJson.load(ProjectPaths.connectorsDir().resolve("heedy-source.json")));
            rest.awaitRunning("heedy-source", Duration.ofMinutes(2));

            ExecResult read = kafka.execInContainer("/opt/kafka/bin/kafka-console-consumer.sh",
                "--bootstrap-server", "kafka:9092", "--topic", "heedy.demo.temperature", "--from-beginning",
                "--max-messages", "10", "--timeout-ms", "120000");
            long records = read.getStdout().lines().filter(l -> l.contains("\"t\"")).count();
            assertEquals(10, records, "ten JSON records of heedy demo/temperature: " + read.getStderr());
        }
    }

    @Test
    void theAvroImageRegistersOneValueSchemaPerStream() throws Exception {
        try (GenericContainer<?> registry = fromCompose("schema-registry").withExposedPorts(8081)
                 .waitingFor(Wait.forHttp("/subjects").forPort(8081).withStartupTimeout(START));
             GenericContainer<?> connect = worker("Dockerfile.avro", "connect-avro")) {
            registry.start();
            connect.start();
            ConnectRestClient rest = new ConnectRestClient(
                URI.create("http://" + connect.getHost() + ":" + connect.getMappedPort(8083)));
            rest.deploy(ConnectorJson.load(ProjectPaths.connectorsDir().resolve("heedy-source.json"))
                .named("heedy-source-avro").with(Map.of("topic.template", "avro.heedy.${owner}.${name}")));
            rest.awaitRunning("heedy-source-avro", Duration.ofMinutes(2));

            String base = "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
            String subject = "avro.heedy.demo.temperature-value";
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofMinutes(2)).until(() -> get(http, base + "/subjects").contains(subject));
            JsonNode latest = DeployFiles.JSON.readTree(get(http, base + "/subjects/" + subject + "/versions/latest"));
            assertEquals(1, latest.path("version").asInt(), "one schema version per stream");
            JsonNode schema = DeployFiles.JSON.readTree(latest.path("schema").asText());
            assertEquals("io.datapoint.connect.heedy.Datapoint", schema.path("connect.name").asText());
        }
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
