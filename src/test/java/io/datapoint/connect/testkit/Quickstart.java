package io.datapoint.connect.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * README's first command ({@code ./mvnw -Pquickstart package}): a KRaft broker and a distributed Connect worker as
 * real processes with the freshly built plugin on {@code plugin.path}, every registered {@link SimulatedPlatform}
 * with live data, every {@code connectors/*.json} whose platform runs deployed through REST, then every 2 s one line
 * per topic with its record count and latest record, until Ctrl-C.
 */
public final class Quickstart {

    private static final long REFRESH_MS = 2000;
    private static final int LINE_WIDTH = 160;

    private Quickstart() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path archive = ProjectPaths.pluginArchive();
        Path workDir = ProjectPaths.targetDir().resolve("quickstart");
        List<SimulatedPlatform> running = new ArrayList<>();
        List<KafkaProcesses> kafkaHolder = new ArrayList<>(1);
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping connectors, worker, broker and simulators...");
            mainThread.interrupt();
            kafkaHolder.forEach(KafkaProcesses::close);
            running.forEach(SimulatedPlatform::close);
        }, "quickstart-shutdown"));

        Map<String, String> env = new HashMap<>();
        List<SimulatedPlatform> platforms = SimulatedPlatforms.discover();
        if (platforms.isEmpty()) {
            System.out.println("No simulated platform is registered (META-INF/services/" + SimulatedPlatform.class.getName() + ").");
        }
        for (SimulatedPlatform platform : platforms) {
            try {
                platform.start();
                running.add(platform);
                env.putAll(platform.env());
                System.out.println("Simulator " + platform.name() + " started: " + describe(platform.env()));
            } catch (Exception e) {
                platform.close();
                System.out.println("Simulator " + platform.name() + " did not start (" + e + "); its connectors are skipped");
            }
        }

        System.out.println("Starting a Kafka broker and a Connect worker (distributed) in " + workDir + " ...");
        KafkaProcesses kafka = KafkaProcesses.builder(workDir).pluginArchive(archive).env(env).start();
        kafkaHolder.add(kafka);
        System.out.printf("Broker %s up in %.1f s, worker %s up in %.1f s%n", kafka.bootstrapServers(),
                kafka.brokerStartTime().toMillis() / 1000.0, kafka.rest().base(), kafka.workerStartTime().toMillis() / 1000.0);
        System.out.println("Logs: " + kafka.brokerLog() + " and " + kafka.workerLog());

        Set<String> platformNames = new TreeSet<>();
        running.forEach(p -> platformNames.add(p.name()));
        List<String> deployed = new ArrayList<>();
        for (ConnectorJson connector : ConnectorJson.projectConnectors()) {
            String platform = connector.platform().orElse("?");
            if (!platformNames.contains(platform)) {
                System.out.println("Skipping " + connector.name() + ": no simulator for platform '" + platform + "'");
                continue;
            }
            try {
                kafka.rest().deploy(connector);
                deployed.add(connector.name());
                System.out.println("Deployed " + connector.name() + " (" + connector.connectorClass() + ")");
            } catch (RuntimeException e) {
                System.out.println("Could not deploy " + connector.name() + ": " + e.getMessage());
            }
        }
        System.out.println("REST API: " + kafka.rest().base() + "connectors   (Ctrl-C stops everything)");

        try (TopicTail tail = new TopicTail(kafka.bootstrapServers())) {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(REFRESH_MS);
                    printStatus(kafka.rest(), tail, deployed);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.out.println("(status unavailable: " + e.getMessage() + ")");
                }
            }
        }
    }

    private static void printStatus(ConnectRestClient rest, TopicTail tail, List<String> deployed) {
        StringBuilder out = new StringBuilder("---- ").append(LocalTime.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        Set<String> active = new TreeSet<>();
        for (String connector : deployed) {
            String state = rest.status(connector).map(s -> s.connector() + " " + s.tasks()).orElse("UNKNOWN");
            out.append(String.format("%-40s %s%n", connector, state));
            active.addAll(rest.activeTopics(connector));
        }
        tail.follow(active);
        tail.poll(Duration.ofSeconds(1));
        tail.seen().forEach((topic, seen) -> {
            String last = seen.latest() == null ? "-" : TopicReader.payload(seen.latest()).toString();
            out.append(truncate(String.format("%-40s %8d  %s", topic, seen.count(), last))).append('\n');
        });
        System.out.print(out);
    }

    private static String describe(Map<String, String> env) {
        List<String> parts = new ArrayList<>();
        // values of names that look secret are never printed
        env.forEach((k, v) -> parts.add(k + "=" + (k.matches("(?i).*(token|secret|password|key).*") ? "***" : v)));
        return String.join(" ", parts);
    }

    private static String truncate(String line) {
        return line.length() <= LINE_WIDTH ? line : line.substring(0, LINE_WIDTH - 3) + "...";
    }
}
