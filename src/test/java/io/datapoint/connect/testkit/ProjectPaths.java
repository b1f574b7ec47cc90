package io.datapoint.connect.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's files are, seen from a test or from the quickstart: the project root (system property
 * {@code project.dir}, else the working directory, which is the module root under surefire/failsafe), its
 * {@code connectors/} and {@code config/} folders, {@code target/}, and the plugin archive (system property
 * {@code plugin.archive}).
 */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /** The module root. */
    public static Path root() {
        String dir = System.getProperty("project.dir");
        return Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("user.dir")).toAbsolutePath().normalize();
    }

    /** {@code connectors/}: one JSON per connector, as a user would POST it. */
    public static Path connectorsDir() {
        return root().resolve("connectors");
    }

    /** {@code config/}: the worker configuration templates. */
    public static Path configDir() {
        return root().resolve("config");
    }

    /** {@code target/}, created if missing. */
    public static Path targetDir() {
        Path target = root().resolve("target");
        try {
            Files.createDirectories(target);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return target;
    }

    /**
     * The plugin archive built by {@code package}: system property {@code plugin.archive}.
     *
     * @throws IllegalStateException when the property is missing or the file does not exist
     */
    public static Path pluginArchive() {
        String archive = System.getProperty("plugin.archive");
        if (archive == null || archive.isBlank()) {
            throw new IllegalStateException("system property plugin.archive is not set: run through 'mvn verify' "
                    + "(failsafe) or the quickstart profile, which set it after 'package' built the archive");
        }
        Path path = Path.of(archive).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("plugin archive " + path + " does not exist: run 'mvn package' first");
        }
        return path;
    }
}
