package io.datapoint.connect.testkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into another JVM (a worker started by {@code KafkaProcesses}) with {@code jcmd} from this JVM's JDK: heap in
 * use after a full GC, a class histogram, a Flight Recorder dump.
 */
public final class JvmProbe {

    /** The heap lines of {@code GC.heap_info} (a generation, or G1's whole heap); Metaspace lines have no total. */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /** The last line of {@code GC.class_histogram}: {@code Total <instances> <bytes>}. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private final long pid;

    /** A probe of the JVM with this process id. */
    public JvmProbe(long pid) {
        this.pid = pid;
    }

    /**
     * Forces a full GC ({@code GC.run}), then returns the heap in use ({@code GC.heap_info}), in bytes: on a busy JVM
     * this includes what was allocated between the two commands.
     */
    public long heapAfterGc() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        long kib = 0;
        boolean found = false;
        while (m.find()) {
            kib += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figures in GC.heap_info of " + pid + ":\n" + info);
        }
        return kib * 1024;
    }

    /**
     * The live objects: {@code GC.class_histogram}, which counts them in the pause of the full GC it forces, so
     * nothing allocated after the GC is counted (as a busy JVM's {@code GC.heap_info} a moment later would).
     */
    public Histogram liveObjects() {
        String text = jcmd("GC.class_histogram");
        Matcher m = HISTOGRAM_TOTAL.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no total in GC.class_histogram of " + pid + ":\n" + text);
        }
        return new Histogram(Long.parseLong(m.group(1)), text);
    }

    /**
     * A class histogram.
     *
     * @param bytes the live objects' total size
     * @param text  {@code jcmd}'s table, biggest classes first
     */
    public record Histogram(long bytes, String text) {
    }

    /** Dumps the running Flight Recording {@code name} to {@code file}. */
    public void dumpFlightRecording(String name, Path file) {
        jcmd("JFR.dump", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    private String jcmd(String... command) {
        String[] args = new String[command.length + 2];
        args[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        args[1] = Long.toString(pid);
        System.arraycopy(command, 0, args, 2, command.length);
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
