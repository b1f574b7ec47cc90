package io.datapoint.connect.testkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a Flight Recording: how often each method is the top frame of a {@code jdk.ExecutionSample},
 * and how often each of this project's methods is the first of its frames in a sample (where the project's own code
 * spends, including what it calls).
 */
public final class JfrHotMethods {

    private static final String PROJECT = "io.datapoint.";

    private JfrHotMethods() {
    }

    /** Reports the {@code n} hottest top frames and project frames of {@code recording} as {@code JFR} lines. */
    public static void report(String label, Path recording, int n) {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> project = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                top.merge(name(frames.get(0)), 1, Integer::sum);
                frames.stream().filter(f -> name(f).startsWith(PROJECT)).findFirst()
                    .ifPresent(f -> project.merge(name(f), 1, Integer::sum));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recording, e);
        }
        BenchmarkReport.line("JFR %s: %d execution samples in %s", label, samples, recording.getFileName());
        print(label, "top-frame", top, samples, n);
        print(label, "project-frame", project, samples, n);
    }

    private static void print(String label, String kind, Map<String, Integer> counts, int samples, int n) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
            .forEach(e -> BenchmarkReport.line("JFR %s %s %5.1f%% %s", label, kind,
                100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
