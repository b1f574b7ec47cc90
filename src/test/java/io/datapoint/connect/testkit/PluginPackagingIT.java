package io.datapoint.connect.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin archive as a user installs it: unpacked into {@code plugin.path} of a real worker process whose
 * classpath holds neither this project's classes nor the plugin's libraries (see {@link JvmClasspath}), so every
 * connector must load, validate and run from the archive alone, in classloader isolation.
 */
class PluginPackagingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path pluginDir;
    private static final List<SimulatedPlatform> platforms = new ArrayList<>();
    private static final Map<String, String> env = new HashMap<>();
    private static KafkaProcesses kafka;

    @BeforeAll
    static void start() throws Exception {
        Path archive = ProjectPaths.pluginArchive();
        Path workDir = ProjectPaths.targetDir().resolve("it-packaging");
        pluginDir = PluginArchive.unpack(archive, workDir.resolve("unpacked"));
        for (SimulatedPlatform platform : SimulatedPlatforms.discover()) {
            platform.start();
            platforms.add(platform);
            env.putAll(platform.env());
        }
        kafka = KafkaProcesses.builder(workDir.resolve("kafka")).pluginArchive(archive).env(env).start();
        System.out.printf("[measure] packaging IT: broker process %d ms, distributed worker process %d ms%n",
                kafka.brokerStartTime().toMillis(), kafka.workerStartTime().toMillis());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        platforms.forEach(SimulatedPlatform::close);
    }

    @Test
    void archiveHasTheConfluentHubLayout() throws IOException {
        JsonNode manifest = JSON.readTree(pluginDir.resolve("manifest.json").toFile());
        assertEquals("kafka-connect-datapoint", manifest.path("name").asText());
        assertFalse(manifest.path("version").asText().contains("${"), "manifest.json is filtered");
        assertTrue(Files.isRegularFile(pluginDir.resolve("doc/README.md")), "doc/README.md");

        List<String> jars = libJars();
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("kafka-connect-datapoint-")), "plugin jar in lib/: " + jars);
        for (String prefix : List.of("okhttp-jvm-", "okio-jvm-", "kotlin-stdlib-", "failsafe-", "jackson-databind-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix)), prefix + "* in lib/: " + jars);
        }
        for (String jar : jars) {
            assertFalse(containsKafkaClasses(pluginDir.resolve("lib").resolve(jar)),
                    jar + " holds org.apache.kafka classes: the worker provides them");
        }
        for (Path json : projectConnectorFiles()) {
            assertTrue(Files.isRegularFile(pluginDir.resolve("etc").resolve(json.getFileName())), "etc/" + json.getFileName());
        }
    }

    @Test
    void pluginJarDeclaresEveryConnectorForServiceLoading() throws IOException {
        Set<String> declared = new TreeSet<>();
        Path pluginJar = pluginDir.resolve("lib").resolve(libJars().stream()
                .filter(j -> j.startsWith("kafka-connect-datapoint-")).findFirst().orElseThrow());
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            for (String service : List.of("org.apache.kafka.connect.source.SourceConnector",
                    "org.apache.kafka.connect.sink.SinkConnector")) {
                JarEntry entry = jar.getJarEntry("META-INF/services/" + service);
                if (entry != null) {
                    String text = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(declared::add);
                }
            }
        }
        assertTrue(declared.containsAll(connectorClasses()), "manifests " + declared + " miss some of " + connectorClasses());
    }

    @Test
    void workerLoadsEveryConnectorFromPluginPath() {
        Set<String> expected = connectorClasses();
        assertFalse(expected.isEmpty(), "connectors/ holds no connector JSON");
        assertTrue(kafka.rest().connectorPlugins().containsAll(expected),
                "GET /connector-plugins " + kafka.rest().connectorPlugins() + " misses some of " + expected);
        // the connectors report the version from the plugin jar's manifest
        String version = System.getProperty("project.version");
        for (com.fasterxml.jackson.databind.JsonNode plugin : kafka.rest().get("connector-plugins?connectorsOnly=true")) {
            if (expected.contains(plugin.path("class").asText())) {
                assertEquals(version, plugin.path("version").asText(), plugin.toString());
            }
        }
    }

    @Test
    void everyConnectorConfigValidatesThroughRest() {
        for (ConnectorJson connector : ConnectorJson.projectConnectors()) {
            ConnectRestClient.ConfigValidation validation = kafka.rest().validate(connector);
            if (env.keySet().containsAll(connector.envReferences())) {
                assertEquals(0, validation.errorCount(), connector.name() + ": " + validation.errors());
            }
            // without a simulator its ${env:...} values stay unresolved; the call itself proves the ConfigDef loads
        }
    }

    @Test
    void sourceConnectorsRunAgainstTheirSimulators() {
        List<ConnectorJson> connectors = ConnectorJson.projectConnectors();
        Set<String> running = new TreeSet<>();
        platforms.forEach(p -> running.add(p.name()));
        // every platform with connector JSON has a simulator, so that every source below runs
        for (ConnectorJson connector : connectors) {
            connector.platform().ifPresent(platform -> assertTrue(running.contains(platform), platform
                + " connectors exist but no " + platform + " SimulatedPlatform is registered"));
        }
        Map<String, String> types = kafka.rest().connectorPluginTypes();
        for (ConnectorJson connector : connectors) {
            boolean source = "source".equals(types.get(connector.connectorClass()));
            if (!source || connector.platform().filter(running::contains).isEmpty()) {
                continue;
            }
            kafka.rest().deploy(connector);
            kafka.rest().awaitRunning(connector.name(), TIMEOUT);
            String topic = await(connector.name() + " writes to a topic").atMost(TIMEOUT)
                    .until(() -> kafka.rest().activeTopics(connector.name()), t -> !t.isEmpty()).get(0);
            assertFalse(kafka.topics().read(topic, 1, TIMEOUT).isEmpty(), connector.name() + " wrote to " + topic);
            kafka.rest().delete(connector.name());
        }
    }

    private static List<String> libJars() throws IOException {
        try (Stream<Path> lib = Files.list(pluginDir.resolve("lib"))) {
            return lib.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    private static boolean containsKafkaClasses(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(e -> e.getName().startsWith("org/apache/kafka/"));
        }
    }

    private static List<Path> projectConnectorFiles() throws IOException {
        if (!Files.isDirectory(ProjectPaths.connectorsDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(ProjectPaths.connectorsDir())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Set<String> connectorClasses() {
        Set<String> classes = new TreeSet<>();
        ConnectorJson.projectConnectors().forEach(c -> classes.add(c.connectorClass()));
        return classes;
    }
}
