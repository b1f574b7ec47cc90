package io.datapoint.connect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One connector definition as a user would POST it to {@code /connectors}: {@code {"name": ..., "config": {...}}}.
 * Values such as {@code ${env:HEEDY_URL}} are kept as they are: the worker's config provider resolves them.
 *
 * @param name   the connector name
 * @param config the connector configuration, in file order
 */
public record ConnectorJson(String name, Map<String, String> config) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([^}:]*)(?::[^}]*)?}");
    private static final String BASE_PACKAGE = "io.datapoint.connect.";

    public ConnectorJson {
        config = Map.copyOf(new LinkedHashMap<>(config));
    }

    /** Reads one connector JSON file. */
    public static ConnectorJson load(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode name = root.path("name");
            JsonNode config = root.path("config");
            if (!name.isTextual() || !config.isObject()) {
                throw new IllegalArgumentException(file + ": expected {\"name\": \"...\", \"config\": {...}}");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : config.properties()) {
                values.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
            }
            return new ConnectorJson(name.asText(), values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector JSON " + file, e);
        }
    }

    /** Every {@code *.json} in {@code dir}, sorted by file name; empty if the folder does not exist. */
    public static List<ConnectorJson> loadAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<ConnectorJson> all = new ArrayList<>();
            files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(f -> all.add(load(f)));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connectors in the project's {@code connectors/} folder. */
    public static List<ConnectorJson> projectConnectors() {
        return loadAll(ProjectPaths.connectorsDir());
    }

    /** A copy with {@code overrides} put over the config (a null value removes the key). */
    public ConnectorJson with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(config);
        overrides.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        return new ConnectorJson(name, merged);
    }

    /** A copy under another connector name. */
    public ConnectorJson named(String newName) {
        return new ConnectorJson(newName, config);
    }

    /** {@code connector.class}. */
    public String connectorClass() {
        String cls = config.get("connector.class");
        if (cls == null) {
            throw new IllegalStateException("connector " + name + " has no connector.class");
        }
        return cls;
    }

    /**
     * The platform the connector belongs to: the package segment after {@code io.datapoint.connect.}
     * ({@code heedy} for {@code io.datapoint.connect.heedy.HeedySourceConnector}); empty for other classes.
     */
    public Optional<String> platform() {
        String cls = config.getOrDefault("connector.class", "");
        if (!cls.startsWith(BASE_PACKAGE)) {
            return Optional.empty();
        }
        String rest = cls.substring(BASE_PACKAGE.length());
        int dot = rest.indexOf('.');
        return dot > 0 ? Optional.of(rest.substring(0, dot)) : Optional.empty();
    }

    /** Names of the environment variables the config refers to through {@code ${env:NAME}}. */
    public Set<String> envReferences() {
        Set<String> names = new LinkedHashSet<>();
        for (String value : config.values()) {
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The JSON body for {@code POST /connectors}. */
    public String toCreateRequestJson() {
        try {
            return JSON.writeValueAsString(Map.of("name", name, "config", config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
