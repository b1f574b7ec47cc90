package io.datapoint.connect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi recipe in {@code docker/strimzi/} is generated from {@code connectors/*.json} and {@code pom.xml}
 * ({@link StrimziResources}). This test fails when the files are stale (a connector JSON was added, removed or
 * changed) and regenerates them with {@code ./mvnw -q test -Dtest=StrimziResourcesTest -Dstrimzi.update=true}.
 * It also checks that the files on disk are well-formed Strimzi resources that fit together. Structure only: no
 * Kubernetes cluster or operator is involved.
 */
class StrimziResourcesTest {

    private static Path dir() {
        return DeployFiles.dockerDir().resolve("strimzi");
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void resourcesMatchTheConnectorJson() throws IOException {
        Map<String, String> expected = StrimziResources.generate();
        Files.createDirectories(dir());
        if (Boolean.getBoolean("strimzi.update")) {
            for (Path f : yamlFiles()) {
                if (!expected.containsKey(f.getFileName().toString())) {
                    Files.delete(f);
                }
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                Files.writeString(dir().resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path f = dir().resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                problems.add("missing docker/strimzi/" + e.getKey());
            } else if (!DeployFiles.read(f).equals(e.getValue())) {
                problems.add("stale docker/strimzi/" + e.getKey());
            }
        }
        for (Path f : yamlFiles()) {
            if (!expected.containsKey(f.getFileName().toString())) {
                problems.add("docker/strimzi/" + f.getFileName() + " matches no file in connectors/");
            }
        }
        assertTrue(problems.isEmpty(), "The Strimzi resources do not match connectors/*.json and pom.xml: "
            + problems + ". Regenerate them with " + StrimziResources.REGENERATE);
    }

    @Test
    void resourcesOnDiskAreWellFormedAndFitTogether() throws IOException {
        Map<String, JsonNode> byFile = new LinkedHashMap<>();
        for (Path f : yamlFiles()) {
            List<JsonNode> docs = DeployFiles.yamlDocuments(f);
            assertEquals(1, docs.size(), f + ": one resource per file");
            byFile.put(f.getFileName().toString(), docs.get(0));
        }
        JsonNode connect = byFile.get(StrimziResources.CONNECT_FILE);
        assertTrue(connect != null, "docker/strimzi/" + StrimziResources.CONNECT_FILE + " is missing");

        // the KafkaConnect
        assertEquals(StrimziResources.API_VERSION, connect.path("apiVersion").asText());
        assertEquals("KafkaConnect", connect.path("kind").asText());
        String cluster = connect.path("metadata").path("name").asText();
        assertTrue(StrimziResources.K8S_NAME.matcher(cluster).matches(), cluster);
        assertEquals("true", connect.path("metadata").path("annotations").path("strimzi.io/use-connector-resources")
            .asText(), "KafkaConnector resources are enabled");
        JsonNode spec = connect.path("spec");
        assertEquals(DeployFiles.kafkaVersion(), spec.path("version").asText(),
            "the Kafka version the connectors are built and tested against");
        assertTrue(spec.path("replicas").isInt() && spec.path("replicas").asInt() >= 1, "replicas is required in v1");
        for (String field : List.of("bootstrapServers", "groupId", "configStorageTopic", "offsetStorageTopic",
            "statusStorageTopic")) {
            assertFalse(spec.path(field).asText().isBlank(), "spec." + field + " is required in v1");
        }
        JsonNode config = spec.path("config");
        for (String forbidden : List.of("group.id", "config.storage.topic", "offset.storage.topic",
            "status.storage.topic", "bootstrap.servers", "plugin.path")) {
            assertTrue(config.path(forbidden).isMissingNode(), forbidden + " is set by Strimzi, not in spec.config");
        }
        Set<String> providers = new HashSet<>(List.of(config.path("config.providers").asText().split("\\s*,\\s*")));
        assertTrue(providers.contains("env"), "the ${env:...} references of the connector JSON need provider env");
        assertEquals("org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            config.path("config.providers.env.class").asText());

        JsonNode build = spec.path("build");
        String image = build.path("output").path("image").asText();
        assertEquals("docker", build.path("output").path("type").asText());
        assertPinned(image);
        assertFalse(build.path("plugins").isEmpty(), "build.plugins");
        for (JsonNode plugin : build.path("plugins")) {
            assertFalse(plugin.path("name").asText().isBlank());
            for (JsonNode artifact : plugin.path("artifacts")) {
                assertEquals("zip", artifact.path("type").asText());
                assertTrue(artifact.path("url").asText().matches("https://.+\\.zip"), artifact.toString());
            }
        }
        Map<String, String> envFromSecret = new HashMap<>();
        for (JsonNode env : spec.path("template").path("connectContainer").path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            assertEquals(StrimziResources.SECRET, ref.path("name").asText(), env.toString());
            assertEquals(env.path("name").asText(), ref.path("key").asText(),
                "the Secret key is the variable name: " + env);
            envFromSecret.put(env.path("name").asText(), ref.path("key").asText());
        }

        // the KafkaConnectors, one per connector JSON, with the same config
        Set<String> connectorClasses = new HashSet<>();
        for (String manifest : List.of("org.apache.kafka.connect.source.SourceConnector",
            "org.apache.kafka.connect.sink.SinkConnector")) {
            for (String line : DeployFiles.read(DeployFiles.root()
                .resolve("src/main/resources/META-INF/services/" + manifest)).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    connectorClasses.add(line.trim());
                }
            }
        }
        for (DeployFiles.Connector c : DeployFiles.connectors()) {
            String file = StrimziResources.CONNECTOR_PREFIX + c.name() + ".yaml";
            JsonNode k = byFile.get(file);
            assertTrue(k != null, "no docker/strimzi/" + file + " for connectors/" + c.file() + ": run "
                + StrimziResources.REGENERATE);
            assertEquals(StrimziResources.API_VERSION, k.path("apiVersion").asText());
            assertEquals("KafkaConnector", k.path("kind").asText());
            assertEquals(c.name(), k.path("metadata").path("name").asText(), "Strimzi names the connector after it");
            assertEquals(cluster, k.path("metadata").path("labels").path("strimzi.io/cluster").asText());
            String cls = k.path("spec").path("class").asText();
            assertEquals(c.config().get("connector.class"), cls);
            assertTrue(connectorClasses.contains(cls), cls + " is a connector of the plugin");
            if (c.config().containsKey("tasks.max")) {
                assertEquals(Integer.parseInt(c.config().get("tasks.max")), k.path("spec").path("tasksMax").asInt());
            }
            Map<String, String> expected = new LinkedHashMap<>(c.config());
            expected.remove("connector.class");
            expected.remove("tasks.max");
            Map<String, String> actual = new LinkedHashMap<>();
            k.path("spec").path("config").properties().forEach(e -> {
                assertTrue(e.getValue().isTextual(), e.getKey() + " is a string, as in the JSON");
                actual.put(e.getKey(), e.getValue().asText());
            });
            assertEquals(expected, actual, file + " carries the config of connectors/" + c.file());
            for (String value : actual.values()) {
                Matcher m = DeployFiles.PROVIDER_REFERENCE.matcher(value);
                while (m.find()) {
                    assertTrue(providers.contains(m.group(1)), file + ": config provider '" + m.group(1)
                        + "' is not declared in the KafkaConnect");
                }
            }
            for (String name : c.envNames()) {
                assertEquals(name, envFromSecret.get(name), file + ": ${env:" + name + "} has no environment"
                    + " variable from Secret " + StrimziResources.SECRET + " in the KafkaConnect");
            }
        }
        assertEquals(DeployFiles.connectors().size() + 1, byFile.size(),
            "docker/strimzi/ holds the KafkaConnect and one KafkaConnector per connector JSON");
    }

    @Test
    void aNewPlatformsConnectorExtendsTheResources() {
        DeployFiles.Connector iotile = new DeployFiles.Connector("iotile-source.json", "iotile-source",
            new LinkedHashMap<>(Map.of("connector.class", "io.datapoint.connect.iotile.IotileSourceConnector")));
        iotile.config().put("tasks.max", "3");
        iotile.config().put("iotile.token", "${env:IOTILE_TOKEN}");
        iotile.config().put("topic.template", "iotile.${device}: \"quoted\" #not a comment");
        String connector = StrimziResources.kafkaConnector(iotile);
        JsonNode k = DeployFiles.yamlDocuments(write(connector)).get(0);
        assertEquals(3, k.path("spec").path("tasksMax").asInt());
        assertEquals("${env:IOTILE_TOKEN}", k.path("spec").path("config").path("iotile.token").asText());
        assertEquals("iotile.${device}: \"quoted\" #not a comment",
            k.path("spec").path("config").path("topic.template").asText());

        String connect = StrimziResources.kafkaConnect(List.of("HEEDY_TOKEN", "IOTILE_TOKEN"), "4.3.1", "1.0.0");
        JsonNode env = DeployFiles.yamlDocuments(write(connect)).get(0)
            .path("spec").path("template").path("connectContainer").path("env");
        assertEquals(2, env.size());
        assertEquals("IOTILE_TOKEN", env.get(1).path("valueFrom").path("secretKeyRef").path("key").asText());

        assertThrows(IllegalArgumentException.class, () -> StrimziResources.kafkaConnector(
            new DeployFiles.Connector("x.json", "Heedy_Source", Map.of("connector.class", "x"))));
    }

    private static void assertPinned(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (image.contains("@sha256:")) {
            return;
        }
        if (colon < slash + 1 || colon < 0) {
            fail(image + " has no tag");
        }
        assertNotEquals("latest", image.substring(colon + 1), image + " is not pinned");
    }

    private static Path write(String yaml) {
        try {
            Path f = Files.createTempFile("strimzi", ".yaml");
            Files.writeString(f, yaml, StandardCharsets.UTF_8);
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
