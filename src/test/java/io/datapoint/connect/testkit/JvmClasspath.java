package io.datapoint.connect.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath for a broker or worker child JVM: the jars this JVM runs with (Kafka's broker and Connect runtime
 * come from the test classpath) minus this project's own classes and the plugin's runtime libraries, so the plugin
 * can only be loaded from {@code plugin.path}, in isolation, as on a real worker.
 *
 * <p>The entries are found where each launcher puts them: surefire/failsafe's {@code surefire.test.class.path}
 * (its {@code java.class.path} may be a manifest-only jar), the {@link URLClassLoader} that exec:java runs the
 * quickstart in, else {@code java.class.path} (manifest {@code Class-Path} jars expanded).
 */
public final class JvmClasspath {

    /**
     * Path fragments (with '/' separators) of entries left out: the plugin's runtime libraries, which must come from
     * the plugin's own {@code lib/}, test jars whose ServiceLoader manifests would add stray plugins, and test tools.
     * Jackson stays: Kafka's JsonConverter needs it, and the plugin loads its own copy first anyway.
     */
    static final List<String> EXCLUDED = List.of(
            "/com/squareup/okhttp3/", "/com/squareup/okio/", "/org/jetbrains/kotlin/", "/org/jetbrains/annotations/",
            "/dev/failsafe/",
            "-test.jar", "/org/junit/", "/org/opentest4j/", "/org/apiguardian/", "/org/awaitility/", "/org/hamcrest/",
            "/org/testcontainers/", "/com/github/docker-java/", "/io/apicurio/", "/com/networknt/");

    private JvmClasspath() {
    }

    /** The child JVM classpath, as one {@link File#pathSeparator}-joined string. */
    public static String forChildJvm() {
        return String.join(File.pathSeparator, filter(currentEntries(), ProjectPaths.root()));
    }

    /**
     * {@code entries} without the project's build output (anything under {@code projectRoot/target}: classes,
     * test-classes, and the project jar that failsafe puts there instead of classes) and the {@link #EXCLUDED} ones.
     */
    static List<String> filter(List<String> entries, Path projectRoot) {
        Path target = projectRoot.resolve("target").toAbsolutePath().normalize();
        List<String> kept = new ArrayList<>();
        for (String entry : entries) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            String slashed = path.toString().replace(File.separatorChar, '/');
            boolean own = path.startsWith(target);
            if (!own && EXCLUDED.stream().noneMatch(slashed::contains)) {
                kept.add(path.toString());
            }
        }
        return kept;
    }

    /** The classpath entries of this JVM, as described in the class comment. */
    static List<String> currentEntries() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return split(surefire);
        }
        for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader ucl && ucl.getURLs().length > 0) {
                List<String> entries = new ArrayList<>();
                for (URL url : ucl.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file URL: cannot be on a child's classpath
                    }
                }
                if (entries.stream().anyMatch(e -> e.contains("connect-runtime"))) {
                    return entries;
                }
            }
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : split(System.getProperty("java.class.path", ""))) {
            entries.add(entry);
            entries.addAll(manifestClassPath(Path.of(entry)));
        }
        return new ArrayList<>(entries);
    }

    private static List<String> split(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static List<String> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return List.of();
            }
            List<String> entries = new ArrayList<>();
            for (String ref : cp.trim().split("\\s+")) {
                try {
                    entries.add(Path.of(jar.getParent().toUri().resolve(ref)).toString());
                } catch (IllegalArgumentException e) {
                    // unusual reference: skip
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
