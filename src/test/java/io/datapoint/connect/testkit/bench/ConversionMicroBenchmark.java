package io.datapoint.connect.testkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Issue 9, micro: the JMH benchmarks {@code <Platform>ConversionMicro} of every platform (a page of platform JSON to
 * SourceRecords, sink records to request bytes), each in one forked JVM, 3 warm-up and 5 measured iterations of 1 s.
 * Prints {@code MICRO <platform> source-conversion ns/datapoint=<x>} and {@code MICRO <platform> sink-conversion
 * ns/record=<x>}; the goal is 1,000 ns or less per datapoint. Never fails on timing.
 *
 * <p>System properties: {@code micro.include} (a JMH regex, default every conversion benchmark), {@code micro.forks}
 * (default 1), {@code micro.prof} (a JMH profiler such as {@code gc} or {@code stack}).
 */
class ConversionMicroBenchmark {

    private static final List<String> PLATFORMS = List.of("heedy", "connectordb", "iotile", "hexoskin", "flowthings");

    @Test
    void conversionCostPerDatapoint() throws Exception {
        String include = System.getProperty("micro.include", "io\\.datapoint\\.connect\\..*ConversionMicro\\..*");
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(include)
            .warmupIterations(3).warmupTime(TimeValue.seconds(1))
            .measurementIterations(5).measurementTime(TimeValue.seconds(1))
            .forks(Integer.getInteger("micro.forks", 1))
            .jvmArgs("-Xmx1g", "-XX:+UseParallelGC")
            .shouldFailOnError(true);
        String prof = System.getProperty("micro.prof", "");
        if (!prof.isBlank()) {
            options.addProfiler(prof);
        }
        Collection<RunResult> results = withForkClasspath(() -> new Runner(options.build()).run());
        TreeMap<String, Double> nanos = new TreeMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            assertEquals(TimeUnit.NANOSECONDS, r.getParams().getTimeUnit());
            nanos.put(benchmark, score);
        }
        for (String platform : PLATFORMS) {
            nanos.forEach((benchmark, ns) -> {
                String simple = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
                if (!simple.toLowerCase(Locale.ROOT).startsWith(platform)) {
                    return;
                }
                if (benchmark.endsWith(".source")) {
                    BenchmarkReport.line("MICRO %s source-conversion ns/datapoint=%.0f", platform, ns);
                } else if (benchmark.endsWith(".sink")) {
                    BenchmarkReport.line("MICRO %s sink-conversion ns/record=%.0f", platform, ns);
                }
            });
        }
    }

    private interface Run {
        Collection<RunResult> run() throws Exception;
    }

    /**
     * JMH starts its forks with {@code java.class.path}; under failsafe that is a manifest-only booter jar, so the
     * full test classpath failsafe reports is put there for the run.
     */
    private static Collection<RunResult> withForkClasspath(Run run) throws Exception {
        String full = System.getProperty("surefire.test.class.path");
        String own = System.getProperty("java.class.path");
        if (full != null && !full.isBlank()) {
            System.setProperty("java.class.path", full.replace(File.pathSeparator + File.pathSeparator,
                File.pathSeparator));
        }
        try {
            return run.run();
        } finally {
            System.setProperty("java.class.path", own);
        }
    }
}
