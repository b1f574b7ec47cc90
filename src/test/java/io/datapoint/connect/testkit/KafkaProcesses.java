package io.datapoint.connect.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft broker and a Connect worker as real child JVMs, the way a user runs them: the broker formatted and started
 * from generated {@code server.properties}, the worker from this project's {@code config/connect-<mode>.properties}
 * with ports and paths substituted, the plugin loaded from {@code plugin.path} in isolation (see {@link JvmClasspath}),
 * and {@code ${env:NAME}} in connector configs resolved by {@code EnvVarConfigProvider} from the environment given to
 * the worker. Logs and data go under the work folder (in {@code target/}). A shutdown hook stops both if the JVM exits.
 *
 * <pre>{@code
 * try (KafkaProcesses kafka = KafkaProcesses.builder(ProjectPaths.targetDir().resolve("it-packaging"))
 *         .pluginArchive(ProjectPaths.pluginArchive()).env(Map.of("HEEDY_URL", url)).start()) {
 *     kafka.rest().deploy(ConnectorJson.load(...));
 * }
 * }</pre>
 */
public final class KafkaProcesses implements AutoCloseable {

    /** How the worker runs. */
    public enum WorkerMode {
        STANDALONE("connect-standalone.properties", "org.apache.kafka.connect.cli.ConnectStandalone"),
        DISTRIBUTED("connect-distributed.properties", "org.apache.kafka.connect.cli.ConnectDistributed");

        private final String template;
        private final String mainClass;

        WorkerMode(String template, String mainClass) {
            this.template = template;
            this.mainClass = mainClass;
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> CHILD_JVM_ARGS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");

    private final Path workDir;
    private final ChildJvm broker;
    private final WorkerLaunch launch;
    private volatile ChildJvm worker;
    private final String bootstrapServers;
    private final ConnectRestClient rest;
    private final Duration brokerStartTime;
    private final Duration workerStartTime;
    private final Thread shutdownHook;

    /** What starts the worker: kept so that it can be started again after {@link #killWorker()}. */
    private record WorkerLaunch(String classpath, List<String> jvmArgs, String mainClass, Path properties,
                                Map<String, String> env, Path log) {
        ChildJvm start() {
            return ChildJvm.start("connect-worker", classpath, jvmArgs, mainClass, List.of(properties.toString()),
                env, log);
        }
    }

    private KafkaProcesses(Path workDir, ChildJvm broker, WorkerLaunch launch, ChildJvm worker,
                           String bootstrapServers, ConnectRestClient rest, Duration brokerStartTime,
                           Duration workerStartTime) {
        this.workDir = workDir;
        this.broker = broker;
        this.launch = launch;
        this.worker = worker;
        this.bootstrapServers = bootstrapServers;
        this.rest = rest;
        this.brokerStartTime = brokerStartTime;
        this.workerStartTime = workerStartTime;
        this.shutdownHook = new Thread(this::stopProcesses, "kafka-processes-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder whose processes keep data, configs and logs in {@code workDir} (emptied at start). */
    public static Builder builder(Path workDir) {
        return new Builder(workDir.toAbsolutePath().normalize());
    }

    /** Configures and starts {@link KafkaProcesses}. */
    public static final class Builder {
        private final Path workDir;
        private Path pluginArchive;
        private final List<Path> extraPluginDirs = new ArrayList<>();
        private WorkerMode mode = WorkerMode.DISTRIBUTED;
        private final Map<String, String> env = new HashMap<>();
        private final Map<String, String> workerProps = new HashMap<>();
        private final List<String> workerJvmArgs = new ArrayList<>();
        private String childLogLevel = "info";

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** The plugin zip to unpack into the worker's {@code plugin.path}. */
        public Builder pluginArchive(Path archive) {
            this.pluginArchive = archive;
            return this;
        }

        /** A ready plugin folder (holding jars) to copy into the worker's {@code plugin.path}. */
        public Builder pluginDir(Path dir) {
            extraPluginDirs.add(dir);
            return this;
        }

        /** Standalone or distributed worker (default distributed). */
        public Builder mode(WorkerMode mode) {
            this.mode = mode;
            return this;
        }

        /** Environment variables for the worker (on top of this process's environment). */
        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** A worker property that wins over the template. */
        public Builder workerProp(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        /**
         * JVM options for the worker only, after the defaults ({@code -Xms64m -Xmx512m -XX:+UseSerialGC}), so that
         * e.g. {@code -Xmx256m} wins.
         */
        public Builder workerJvmArgs(String... args) {
            workerJvmArgs.addAll(List.of(args));
            return this;
        }

        /** slf4j-simple level of the child JVMs' logs (default info). */
        public Builder logLevel(String level) {
            this.childLogLevel = level;
            return this;
        }

        /** Formats and starts the broker, then starts the worker; returns when the worker's REST API is healthy. */
        public KafkaProcesses start() {
            ChildJvm broker = null;
            try {
                PluginArchive.deleteRecursively(workDir);
                Files.createDirectories(workDir);
                Path pluginPath = workDir.resolve("plugins");
                if (pluginArchive != null) {
                    PluginArchive.unpack(pluginArchive, pluginPath);
                }
                Files.createDirectories(pluginPath);
                for (Path dir : extraPluginDirs) {
                    copyTree(dir, pluginPath.resolve(dir.getFileName()));
                }
                String classpath = JvmClasspath.forChildJvm();
                List<String> jvmArgs = new ArrayList<>(CHILD_JVM_ARGS);
                jvmArgs.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + childLogLevel);
                jvmArgs.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
                jvmArgs.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
                Path log4j = ProjectPaths.configDir().resolve("connect-log4j2.properties");
                if (Files.isRegularFile(log4j)) {
                    jvmArgs.add("-Dlog4j2.configurationFile=" + log4j);
                }

                long t0 = System.nanoTime();
                int brokerPort = freePort();
                int controllerPort = freePort();
                Path serverProps = workDir.resolve("server.properties");
                store(brokerProperties(brokerPort, controllerPort, workDir.resolve("kraft")), serverProps);
                ChildJvm.run("kafka-storage-format", classpath, jvmArgs, "kafka.tools.StorageTool",
                        List.of("format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", serverProps.toString()),
                        workDir.resolve("storage-format.log"), Duration.ofSeconds(60));
                broker = ChildJvm.start("kafka-broker", classpath, jvmArgs, "kafka.Kafka",
                        List.of(serverProps.toString()), Map.of(), workDir.resolve("broker.log"));
                String bootstrap = "localhost:" + brokerPort;
                awaitBroker(broker, bootstrap);
                Duration brokerTime = Duration.ofNanos(System.nanoTime() - t0);

                long t1 = System.nanoTime();
                int restPort = freePort();
                Path workerProps = workDir.resolve("worker.properties");
                store(workerProperties(bootstrap, restPort, pluginPath), workerProps);
                List<String> workerArgs = new ArrayList<>(jvmArgs);
                workerArgs.addAll(workerJvmArgs);
                WorkerLaunch launch = new WorkerLaunch(classpath, List.copyOf(workerArgs), mode.mainClass, workerProps,
                        Map.copyOf(env), workDir.resolve("worker.log"));
                ChildJvm worker = launch.start();
                ConnectRestClient rest = new ConnectRestClient(URI.create("http://localhost:" + restPort + "/"));
                try {
                    awaitHealthy(worker, rest);
                } catch (RuntimeException | Error e) {
                    worker.close();
                    throw e;
                }
                Duration workerTime = Duration.ofNanos(System.nanoTime() - t1);
                return new KafkaProcesses(workDir, broker, launch, worker, bootstrap, rest, brokerTime, workerTime);
            } catch (IOException e) {
                if (broker != null) {
                    broker.close();
                }
                throw new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                if (broker != null) {
                    broker.close();
                }
                throw e;
            }
        }

        private Properties brokerProperties(int brokerPort, int controllerPort, Path logDir) {
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
            p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", logDir.toString());
            p.put("num.partitions", "1");
            // a single broker: every internal topic gets one replica
            p.put("offsets.topic.replication.factor", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            return p;
        }

        private Properties workerProperties(String bootstrap, int restPort, Path pluginPath) throws IOException {
            Path template = ProjectPaths.configDir().resolve(mode.template);
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(template)) {
                p.load(in);
            }
            p.put("bootstrap.servers", bootstrap);
            p.put("listeners", "http://localhost:" + restPort);
            p.put("plugin.path", pluginPath.toString());
            p.put("offset.flush.interval.ms", "1000");
            if (mode == WorkerMode.STANDALONE) {
                p.put("offset.storage.file.filename", workDir.resolve("connect.offsets").toString());
            }
            p.putAll(workerProps);
            return p;
        }
    }

    /** The broker's bootstrap servers. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A REST client for the worker. */
    public ConnectRestClient rest() {
        return rest;
    }

    /** A reader for the broker's topics. */
    public TopicReader topics() {
        return new TopicReader(bootstrapServers);
    }

    /** The folder with data, configs and logs. */
    public Path workDir() {
        return workDir;
    }

    /** The worker's process id (it changes when the worker is restarted), e.g. for {@code jcmd}. */
    public long workerPid() {
        return worker.pid();
    }

    /** True while the worker process runs. */
    public boolean workerAlive() {
        return worker.isAlive();
    }

    /** The broker's log file. */
    public Path brokerLog() {
        return broker.log();
    }

    /** The worker's log file. */
    public Path workerLog() {
        return worker.log();
    }

    /** The worker's {@code plugin.path}. */
    public Path pluginPath() {
        return workDir.resolve("plugins");
    }

    /** Storage format plus broker start, until it answered an admin request. */
    public Duration brokerStartTime() {
        return brokerStartTime;
    }

    /** Worker start, until {@code GET /health} answered 200. */
    public Duration workerStartTime() {
        return workerStartTime;
    }

    /**
     * Kills the worker with SIGKILL, as a crash or an OOM killer would: no task is stopped, no offset flushed, no
     * transaction ended.
     */
    public void killWorker() {
        worker.kill();
    }

    /** Starts the worker again, with the same config, environment, REST port and log; returns once it is healthy. */
    public void restartWorker() {
        restartWorker(Map.of());
    }

    /**
     * Starts the worker again with {@code changes} applied to its config from now on (e.g. exactly-once source
     * support turned off), the same environment, REST port and log; returns once it is healthy.
     */
    public void restartWorker(Map<String, String> changes) {
        if (worker.isAlive()) {
            throw new IllegalStateException("the worker still runs: kill it first");
        }
        if (!changes.isEmpty()) {
            try {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(launch.properties())) {
                    props.load(in);
                }
                props.putAll(changes);
                store(props, launch.properties());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        worker = launch.start();
        awaitHealthy(worker, rest);
    }

    /** Stops the worker, then the broker (each SIGTERM, wait, kill if hung). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook does the work
        }
        stopProcesses();
    }

    private void stopProcesses() {
        try {
            worker.close();
        } finally {
            broker.close();
        }
    }

    private static void awaitBroker(ChildJvm broker, String bootstrap) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // first the port, so the admin client does not log a warning for each refused connection
        while (!accepts(port(bootstrap))) {
            broker.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker not listening within " + START_TIMEOUT + "; see " + broker.log());
            }
            pause();
        }
        try (Admin admin = Admin.create(config)) {
            while (true) {
                broker.checkAlive();
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker not ready within " + START_TIMEOUT + "; see " + broker.log());
                }
                pause();
            }
        }
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitHealthy(ChildJvm worker, ConnectRestClient rest) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!rest.healthy()) {
            worker.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker not healthy within " + START_TIMEOUT + "; see " + worker.log());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void store(Properties props, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "generated by " + KafkaProcesses.class.getName());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
