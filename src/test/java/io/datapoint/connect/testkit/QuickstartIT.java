package io.datapoint.connect.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's first command as a user runs it: the quickstart in its own JVM deploys every connector in
 * {@code connectors/} against the simulators, every one reaches RUNNING and records flow; then Ctrl-C (SIGINT)
 * stops the quickstart, the broker, the worker and the simulators without a stack trace.
 */
class QuickstartIT {

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(");

    @Test
    void everyConnectorRunsAndCtrlCStopsEverythingCleanly() throws Exception {
        Path log = ProjectPaths.targetDir().resolve("it-quickstart.log");
        Files.deleteIfExists(log);
        String classpath = String.join(File.pathSeparator, JvmClasspath.currentEntries());
        List<String> jvmArgs = List.of("-Xmx512m", "-Dplugin.archive=" + ProjectPaths.pluginArchive(),
            "-Dproject.dir=" + ProjectPaths.root());
        int connectors = ConnectorJson.projectConnectors().size();
        try (ChildJvm quickstart = ChildJvm.start("quickstart", classpath, jvmArgs, Quickstart.class.getName(),
            List.of(), Map.of(), log)) {
            await("every connector deployed, RUNNING with all tasks, and every topic holding records")
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    quickstart.checkAlive();
                    return everythingRuns(Files.readString(log, StandardCharsets.UTF_8), connectors);
                });
            List<ProcessHandle> children = ProcessHandle.of(quickstart.pid()).orElseThrow().descendants().toList();
            assertFalse(children.isEmpty(), "the broker and worker run as child processes");

            Process ctrlC = new ProcessBuilder("kill", "-INT", Long.toString(quickstart.pid())).start();
            assertTrue(ctrlC.waitFor() == 0, "kill -INT");
            await("the quickstart exits").atMost(Duration.ofSeconds(90)).until(() -> !quickstart.isAlive());
            await("the broker and worker exit").atMost(Duration.ofSeconds(30))
                .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("Stopping connectors, worker, broker and simulators"), out);
        assertFalse(STACK_FRAME.matcher(out).find(), "a stack trace in the quickstart's output: " + log);
        assertFalse(out.contains("Exception"), "an exception in the quickstart's output: " + log);
    }

    /**
     * True when the last status block lists {@code connectors} connectors, each RUNNING with only RUNNING tasks, and
     * every topic line has a record count above zero.
     */
    static boolean everythingRuns(String output, int connectors) {
        int last = output.lastIndexOf("\n---- ");
        int end = last < 0 ? -1 : output.indexOf("\n---- ", last + 1);
        if (last < 0) {
            return false;
        }
        String block = output.substring(output.indexOf('\n', last + 1) + 1, end < 0 ? output.length() : end);
        int running = 0;
        int topics = 0;
        for (String line : block.lines().toList()) {
            String[] cols = line.trim().split("\\s+", 3);
            if (cols.length >= 2 && (cols[1].equals("RUNNING") || cols[1].equals("FAILED")
                || cols[1].equals("UNASSIGNED") || cols[1].equals("PAUSED") || cols[1].equals("UNKNOWN"))) {
                if (!cols[1].equals("RUNNING") || cols.length < 3 || !cols[2].matches("\\[RUNNING(, RUNNING)*]")) {
                    return false;
                }
                running++;
            } else if (cols.length >= 2 && cols[1].matches("\\d+")) {
                if (Long.parseLong(cols[1]) == 0) {
                    return false;
                }
                topics++;
            }
        }
        return running == connectors && topics > 0;
    }
}
