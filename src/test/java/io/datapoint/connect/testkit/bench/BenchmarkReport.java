package io.datapoint.connect.testkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where benchmarks report their figures: each line goes to standard output and is appended to
 * {@code target/benchmark-results.txt}, so that one {@code ./mvnw -Pbenchmark verify} leaves every figure in one
 * file. Lines start with a keyword ({@code RATIO}, {@code LATENCY}, {@code HEAP}, {@code RATE}, {@code COUNT},
 * {@code STREAMS}, {@code IDLE}, {@code MICRO}, {@code JFR}) so they can be grepped; benchmarks report numbers and
 * never fail on them.
 */
public final class BenchmarkReport {

    private static final Path FILE = Path.of("target", "benchmark-results.txt");

    private BenchmarkReport() {
    }

    /** Prints and records one line, formatted with {@link String#format} in the root locale. */
    public static synchronized void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE.toAbsolutePath(), e);
        }
    }
}
