package io.datapoint.connect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/}: the compose file parses as YAML; every {@code ${env:NAME}} of every {@code connectors/*.json}
 * (read at test time, so new platforms are covered as they land) is passed to every Connect worker service; every
 * image is pinned; the default profile uses Apache Kafka images only; the {@code avro} profile adds a Schema Registry
 * and an AvroConverter worker whose converter version matches the registry. Structure only: nothing is built or
 * started (DockerImageIT does that where a Docker engine exists).
 */
class ComposeFileTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+([A-Z_]+)=(\\S*)");

    private static JsonNode compose() {
        List<JsonNode> docs = DeployFiles.yamlDocuments(DeployFiles.dockerDir().resolve("docker-compose.yml"));
        assertEquals(1, docs.size());
        return docs.get(0);
    }

    /** The services that run a Connect worker: those built from one of our Dockerfiles. */
    private static Map<String, JsonNode> workers(JsonNode compose) {
        Map<String, JsonNode> workers = new LinkedHashMap<>();
        compose.path("services").properties().forEach(e -> {
            if (e.getValue().path("build").path("dockerfile").asText().startsWith("docker/Dockerfile")) {
                workers.put(e.getKey(), e.getValue());
            }
        });
        return workers;
    }

    /** The variable names a service's environment sets, in map or list form. */
    private static List<String> environmentNames(JsonNode service) {
        List<String> names = new ArrayList<>();
        JsonNode env = service.path("environment");
        if (env.isObject()) {
            env.fieldNames().forEachRemaining(names::add);
        } else {
            env.forEach(entry -> names.add(entry.asText().split("=", 2)[0]));
        }
        return names;
    }

    private static boolean inProfile(JsonNode service, String profile) {
        for (JsonNode p : service.path("profiles")) {
            if (p.asText().equals(profile)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyConnectorVariableReachesEveryWorker() throws IOException {
        List<String> needed = DeployFiles.allEnvNames();
        assertFalse(needed.isEmpty(), "the connectors/*.json files refer to ${env:...} variables");
        if (Boolean.getBoolean("compose.update")) {
            addMissingVariables(needed);
        }
        Map<String, JsonNode> workers = workers(compose());
        assertEquals(List.of("connect", "connect-avro"), List.copyOf(workers.keySet()));
        List<String> missing = new ArrayList<>();
        workers.forEach((name, service) -> {
            List<String> present = environmentNames(service);
            for (String var : needed) {
                if (!present.contains(var)) {
                    missing.add(name + ": " + var);
                }
            }
        });
        assertTrue(missing.isEmpty(), "docker/docker-compose.yml does not pass these ${env:...} variables of"
            + " connectors/*.json to the Connect workers: " + missing + ". Add them (NAME: ${NAME:-}) with"
            + " ./mvnw -q test -Dtest=ComposeFileTest -Dcompose.update=true");
    }

    /**
     * Appends {@code NAME: ${NAME:-}} to the environment of every worker service that lacks one of {@code needed};
     * the other lines of the file stay as they are.
     */
    private static void addMissingVariables(List<String> needed) throws IOException {
        Path file = DeployFiles.dockerDir().resolve("docker-compose.yml");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Map<String, JsonNode> workers = workers(compose());
        String service = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.matches("  [A-Za-z0-9_.-]+:\\s*")) {
                service = line.trim().replace(":", "");
            } else if (workers.containsKey(service) && line.equals("    environment:")) {
                List<String> present = environmentNames(workers.get(service));
                int end = i + 1;
                while (end < lines.size() && lines.get(end).startsWith("      ")) {
                    end++;
                }
                List<String> add = new ArrayList<>();
                for (String name : needed) {
                    if (!present.contains(name)) {
                        add.add("      " + name + ": ${" + name + ":-}");
                    }
                }
                lines.addAll(end, add);
                i = end + add.size() - 1;
            }
        }
        Files.write(file, lines);
    }

    @Test
    void everyImageIsPinned() throws IOException {
        compose().path("services").properties().forEach(e -> {
            String image = e.getValue().path("image").asText();
            assertFalse(image.isBlank(), e.getKey() + " names its image");
            assertPinned(e.getKey(), image);
        });
        for (Path dockerfile : dockerfiles()) {
            String text = DeployFiles.read(dockerfile);
            Map<String, String> args = args(text);
            Matcher from = FROM.matcher(text);
            while (from.find()) {
                String image = from.group(1);
                for (Map.Entry<String, String> a : args.entrySet()) {
                    image = image.replace("${" + a.getKey() + "}", a.getValue());
                }
                assertFalse(image.contains("$"), dockerfile + ": FROM " + from.group(1) + " needs an ARG default");
                assertPinned(dockerfile.getFileName().toString(), image);
            }
            args.forEach((k, v) -> {
                if (k.endsWith("_VERSION")) {
                    assertTrue(v.matches("\\d+(\\.\\d+)+"), dockerfile + ": ARG " + k + "=" + v + " is a fixed version");
                }
            });
        }
    }

    @Test
    void defaultProfileIsApacheOnlyAndOnTheProjectsKafkaVersion() {
        JsonNode services = compose().path("services");
        String kafka = DeployFiles.kafkaVersion();
        assertEquals("apache/kafka:" + kafka, services.path("kafka").path("image").asText());
        services.properties().forEach(e -> {
            if (e.getValue().path("profiles").isMissingNode()) {
                String image = e.getValue().path("image").asText();
                assertFalse(image.contains("confluent"), e.getKey() + " runs in the default profile: " + image);
            }
        });
        assertEquals("docker/Dockerfile", services.path("connect").path("build").path("dockerfile").asText());
        String dockerfile = DeployFiles.read(DeployFiles.dockerDir().resolve("Dockerfile"));
        assertEquals(kafka, args(dockerfile).get("KAFKA_VERSION"));
        Matcher from = FROM.matcher(dockerfile);
        while (from.find()) {
            assertTrue(from.group(1).startsWith("apache/kafka:") || from.group(1).startsWith("alpine:"),
                "docker/Dockerfile builds on Apache Kafka (and alpine to unpack): " + from.group(1));
        }
        assertFalse(dockerfile.lines().filter(l -> !l.startsWith("#")).anyMatch(l -> l.contains("confluent")),
            "docker/Dockerfile installs nothing from Confluent");
    }

    @Test
    void avroProfileHasARegistryAndAnAvroWorkerOfTheSameConfluentVersion() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode registry = services.path("schema-registry");
        JsonNode worker = services.path("connect-avro");
        assertTrue(inProfile(registry, "avro") && inProfile(worker, "avro"));
        String registryImage = registry.path("image").asText();
        assertTrue(registryImage.startsWith("confluentinc/cp-schema-registry:"), registryImage);
        String dockerfile = DeployFiles.read(DeployFiles.dockerDir().resolve("Dockerfile.avro"));
        Map<String, String> args = args(dockerfile);
        assertEquals(registryImage.substring(registryImage.indexOf(':') + 1), args.get("AVRO_CONVERTER_VERSION"),
            "the converter and the registry come from the same Confluent release");
        assertEquals(DeployFiles.kafkaVersion(), args.get("KAFKA_VERSION"));
        assertEquals("docker/Dockerfile.avro", worker.path("build").path("dockerfile").asText());
        assertTrue(environmentNames(worker).containsAll(environmentNames(services.path("connect"))));

        // the worker settings the README shows: Avro values, registry reachable by its compose host name
        Properties overrides = new Properties();
        try (var in = Files.newBufferedReader(DeployFiles.dockerDir().resolve("connect-avro.properties"))) {
            overrides.load(in);
        }
        assertEquals("io.confluent.connect.avro.AvroConverter", overrides.getProperty("value.converter"));
        assertEquals("http://schema-registry:" + registry.path("ports").get(0).asText().split(":")[1],
            overrides.getProperty("value.converter.schema.registry.url"));
        Properties base = new Properties();
        try (var in = Files.newBufferedReader(DeployFiles.root().resolve("config/connect-distributed.properties"))) {
            base.load(in);
        }
        for (String key : List.of("group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic")) {
            assertFalse(base.getProperty(key).equals(overrides.getProperty(key)),
                "the Avro worker has its own " + key + ", apart from the JSON worker's");
        }
        assertTrue(dockerfile.contains("COPY docker/connect-avro.properties"));
        String ignore = DeployFiles.read(DeployFiles.dockerDir().resolve("Dockerfile.avro.dockerignore"));
        assertTrue(ignore.contains("!docker/connect-avro.properties"), "the overrides are in the build context");
    }

    private static List<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(DeployFiles.dockerDir())) {
            return files.filter(f -> f.getFileName().toString().matches("Dockerfile(\\.[a-z]+)?"))
                .filter(f -> !f.toString().endsWith(".dockerignore")).sorted().toList();
        }
    }

    private static Map<String, String> args(String dockerfile) {
        Map<String, String> args = new LinkedHashMap<>();
        Matcher m = ARG.matcher(dockerfile);
        while (m.find()) {
            args.putIfAbsent(m.group(1), m.group(2));
        }
        return args;
    }

    private static void assertPinned(String where, String image) {
        if (image.contains("@sha256:")) {
            return;
        }
        int colon = image.lastIndexOf(':');
        assertTrue(colon > image.lastIndexOf('/'), where + ": image " + image + " has no tag");
        String tag = image.substring(colon + 1);
        assertFalse(tag.isBlank() || tag.equals("latest"), where + ": image " + image + " is not pinned");
    }
}
