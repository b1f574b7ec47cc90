package io.datapoint.connect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.datapoint.connect.testkit.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the deployment tests read: the connector JSON files in {@code connectors/} (in file order, which
 * {@link io.datapoint.connect.testkit.ConnectorJson} does not keep), the YAML files under {@code docker/}, and the
 * versions in {@code pom.xml}.
 */
final class DeployFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    /** {@code ${env:NAME}} or {@code ${env:NAME:default}}: group 1 is NAME. */
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([^}:]*)(?::[^}]*)?}");
    /** Any config provider reference {@code ${provider:path:key}} or {@code ${provider:key}}: group 1 is provider. */
    static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{([^}:]*):[^}]*}");

    private DeployFiles() {
    }

    /** One file of {@code connectors/}: its file name, connector name and config in file order. */
    record Connector(String file, String name, Map<String, String> config) {

        /** The environment variables the config refers to, in order of appearance. */
        List<String> envNames() {
            List<String> names = new ArrayList<>();
            for (String value : config.values()) {
                Matcher m = ENV_REFERENCE.matcher(value);
                while (m.find()) {
                    if (!names.contains(m.group(1))) {
                        names.add(m.group(1));
                    }
                }
            }
            return names;
        }
    }

    static Path root() {
        return ProjectPaths.root();
    }

    static Path dockerDir() {
        return root().resolve("docker");
    }

    /** Every {@code connectors/*.json}, sorted by file name. */
    static List<Connector> connectors() {
        try (Stream<Path> files = Files.list(ProjectPaths.connectorsDir())) {
            List<Connector> all = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = JSON.readTree(f.toFile());
                if (!root.path("name").isTextual() || !root.path("config").isObject()) {
                    throw new IllegalArgumentException(f + ": expected {\"name\": \"...\", \"config\": {...}}");
                }
                Map<String, String> config = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : root.path("config").properties()) {
                    config.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
                }
                all.add(new Connector(f.getFileName().toString(), root.path("name").asText(), config));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of every {@code ${env:NAME}} in {@code connectors/*.json}, sorted. */
    static List<String> allEnvNames() {
        TreeSet<String> names = new TreeSet<>();
        connectors().forEach(c -> names.addAll(c.envNames()));
        return List.copyOf(names);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every document of a YAML file. */
    static List<JsonNode> yamlDocuments(Path file) {
        try {
            return YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + " as YAML", e);
        }
    }

    /** {@code <kafka.version>} of pom.xml. */
    static String kafkaVersion() {
        return pomMatch("<kafka\\.version>([^<]+)</kafka\\.version>");
    }

    /** The project version of pom.xml. */
    static String projectVersion() {
        return pomMatch("<artifactId>kafka-connect-datapoint</artifactId>\\s*<version>([^<]+)</version>");
    }

    private static String pomMatch(String regex) {
        Matcher m = Pattern.compile(regex).matcher(read(root().resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("pom.xml has no match for " + regex);
        }
        return m.group(1).trim();
    }
}
