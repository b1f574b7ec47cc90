package io.datapoint.connect.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker and N Connect workers in the test JVM ({@link EmbeddedConnectCluster}, Kafka 4.3.1), set up the
 * way this project runs: {@code plugin.discovery=service_load}, offsets flushed every second, JSON converters with
 * schemas, and {@code ${env:NAME}} resolved from {@link #env()} so tests deploy the very JSON a user would POST.
 * Connectors are deployed through the REST API. Start one per test class ({@code @BeforeAll}), it takes seconds.
 *
 * <pre>{@code
 * cluster = ConnectCluster.builder("heedy-it").exactlyOnce(true).env("HEEDY_URL", sim.url()).start();
 * cluster.deploy(ConnectorJson.load(ProjectPaths.connectorsDir().resolve("heedy-source.json")), Map.of("tasks.max", "2"));
 * cluster.awaitRunning("heedy-source", 2);
 * List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("heedy", 10);
 * }</pre>
 */
public final class ConnectCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectCluster.class);
    /** Default wait for connectors and records. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedConnectCluster connect;
    private final String scope;
    private final Duration startTime;
    private final TopicReader reader;

    private ConnectCluster(EmbeddedConnectCluster connect, String scope, Duration startTime) {
        this.connect = connect;
        this.scope = scope;
        this.startTime = startTime;
        this.reader = new TopicReader(connect.kafka().bootstrapServers());
    }

    /** A builder for a cluster named {@code name} (the name shows in logs and in the Connect group id). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds and starts a {@link ConnectCluster}. */
    public static final class Builder {
        private final String name;
        private int workers = 1;
        private boolean exactlyOnce;
        private final Map<String, String> workerProps = new HashMap<>();
        private final Properties brokerProps = new Properties();
        private final Map<String, String> env = new HashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Number of Connect workers (default 1). */
        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        /** Worker {@code exactly.once.source.support=enabled} (default off). */
        public Builder exactlyOnce(boolean enabled) {
            this.exactlyOnce = enabled;
            return this;
        }

        /** An extra worker property (wins over the defaults). */
        public Builder workerProp(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        /** An extra broker property. */
        public Builder brokerProp(String key, String value) {
            brokerProps.put(key, value);
            return this;
        }

        /** A value for {@code ${env:key}} in connector configs; more can be put later through {@link #env()}. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Values for {@code ${env:...}}. */
        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** Starts the broker and the workers; returns when every worker is up. */
        public ConnectCluster start() {
            String scope = name + "-" + UUID.randomUUID();
            MapConfigProvider.scope(scope).putAll(env);

            Map<String, String> worker = new HashMap<>();
            worker.put("plugin.discovery", "service_load");
            worker.put("offset.flush.interval.ms", "1000");
            worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            worker.put("key.converter.schemas.enable", "true");
            worker.put("value.converter.schemas.enable", "true");
            worker.put("config.providers", "env");
            worker.put("config.providers.env.class", MapConfigProvider.class.getName());
            worker.put("config.providers.env.param." + MapConfigProvider.SCOPE_PARAM, scope);
            if (exactlyOnce) {
                worker.put("exactly.once.source.support", "enabled");
            }
            worker.putAll(workerProps);

            Properties broker = new Properties();
            // one broker: transactions (exactly-once source) need their state log to fit on it
            broker.put("transaction.state.log.replication.factor", "1");
            broker.put("transaction.state.log.min.isr", "1");
            broker.put("auto.create.topics.enable", "true");
            broker.putAll(brokerProps);

            EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                    .name(name).numWorkers(workers).numBrokers(1)
                    .workerProps(worker).brokerProps(broker)
                    .build();
            long t0 = System.nanoTime();
            try {
                connect.start();
                connect.assertions().assertAtLeastNumWorkersAreUp(workers, "workers did not start");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connect.stop();
                throw new IllegalStateException(e);
            } catch (RuntimeException | Error e) {
                connect.stop();
                MapConfigProvider.dropScope(scope);
                throw e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("embedded Connect cluster '{}' ({} worker(s), exactly-once {}) started in {} ms",
                    name, workers, exactlyOnce ? "on" : "off", took.toMillis());
            return new ConnectCluster(connect, scope, took);
        }
    }

    /** How long {@link Builder#start()} took. */
    public Duration startTime() {
        return startTime;
    }

    /** The underlying cluster, for anything this class does not wrap. */
    public EmbeddedConnectCluster embedded() {
        return connect;
    }

    /** The broker's bootstrap servers. */
    public String bootstrapServers() {
        return connect.kafka().bootstrapServers();
    }

    /** The live map behind {@code ${env:NAME}}: values put here are seen by the next connector (re)configuration. */
    public Map<String, String> env() {
        return MapConfigProvider.scope(scope);
    }

    /** A REST client for one of the running workers. */
    public ConnectRestClient rest() {
        WorkerHandle worker = connect.workers().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no worker is running"));
        return new ConnectRestClient(worker.url());
    }

    /** A reader for the broker's topics. */
    public TopicReader topics() {
        return reader;
    }

    /** Deploys {@code connector} with {@code overrides} through {@code PUT /connectors/{name}/config}. */
    public ConnectorJson deploy(ConnectorJson connector, Map<String, String> overrides) {
        ConnectorJson effective = connector.with(overrides);
        rest().deploy(effective);
        return effective;
    }

    /** Deploys the connector JSON file {@code json} with {@code overrides}. */
    public ConnectorJson deploy(Path json, Map<String, String> overrides) {
        return deploy(ConnectorJson.load(json), overrides);
    }

    /** Deploys {@code connectors/<fileName>} of this project with {@code overrides}. */
    public ConnectorJson deployProjectConnector(String fileName, Map<String, String> overrides) {
        return deploy(ProjectPaths.connectorsDir().resolve(fileName), overrides);
    }

    /** Deploys {@code connectors/<fileName>} of this project under {@code name}, with {@code overrides}. */
    public ConnectorJson deployProjectConnector(String fileName, String name, Map<String, String> overrides) {
        return deploy(ConnectorJson.load(ProjectPaths.connectorsDir().resolve(fileName)).named(name), overrides);
    }

    /** Config overrides from key, value pairs, in order. */
    public static Map<String, String> overrides(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Waits until the connector and exactly {@code tasks} tasks are RUNNING. */
    public ConnectRestClient.ConnectorState awaitRunning(String connector, int tasks) {
        return rest().awaitRunning(connector, tasks, TIMEOUT);
    }

    /** Validates {@code connector}'s config through REST; the per-field errors. */
    public ConnectRestClient.ConfigValidation validate(ConnectorJson connector) {
        return rest().validate(connector);
    }

    /** Reads at least {@code n} records from {@code topic} (read_uncommitted). */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int n) {
        return reader.read(topic, n, TIMEOUT, false);
    }

    /** Reads at least {@code n} records from {@code topic} with {@code isolation.level=read_committed}. */
    public List<ConsumerRecord<byte[], byte[]>> consumeCommitted(String topic, int n) {
        return reader.read(topic, n, TIMEOUT, true);
    }

    /**
     * Every committed record of a topic now: read with {@code read_committed} up to the last stable offset, so that
     * transaction markers (exactly-once) are not counted as records.
     */
    public List<ConsumerRecord<byte[], byte[]>> committedNow(String topic) {
        return reader.committedNow(topic);
    }

    /**
     * Stops a sink connector, forgets its committed offsets and resumes it: Kafka Connect then delivers every record
     * of its topics again, as after an offset reset by an operator.
     */
    public void replaySinkFromStart(String connector) {
        rest().stop(connector);
        rest().awaitState(connector, "STOPPED", TIMEOUT);
        rest().resetOffsets(connector);
        rest().resume(connector);
    }

    /** Waits until a sink connector of one topic partition has committed the offset {@code offset}. */
    public void awaitSinkOffset(String connector, long offset) {
        org.awaitility.Awaitility.await(connector + " commits offset " + offset).atMost(TIMEOUT).until(() -> {
            var offsets = rest().offsets(connector);
            return offsets.size() == 1 && offsets.get(0).path("offset").path("kafka_offset").asLong() == offset;
        });
    }

    /** Creates a topic with one replica. */
    public void createTopic(String topic, int partitions) {
        connect.kafka().createTopic(topic, partitions);
    }

    /** Creates a one-partition dead letter queue topic; returns the sink config that routes errors to it. */
    public Map<String, String> createDlqTopic(String topic) {
        createTopic(topic, 1);
        return dlqConfig(topic);
    }

    /** Sink connector settings that send failed records to {@code topic}, with context headers. */
    public static Map<String, String> dlqConfig(String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topic);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    /** Stops one worker (its tasks move to the others, or wait for {@link #addWorker()}). */
    public void removeWorker() {
        connect.removeWorker();
    }

    /** Starts one more worker. */
    public void addWorker() {
        connect.addWorker();
    }

    /** Number of workers running. */
    public int workerCount() {
        return connect.workers().size();
    }

    /** Restarts the connector and all its tasks through REST. */
    public void restartConnector(String connector) {
        rest().restart(connector);
    }

    /**
     * Stops the connector (as {@code PATCH /offsets} requires), alters one source partition's offset, and leaves
     * the connector STOPPED; {@link ConnectRestClient#resume(String)} starts it again.
     */
    public String alterSourceOffset(String connector, Map<String, ?> partition, Map<String, ?> offset) {
        ConnectRestClient rest = rest();
        rest.stop(connector);
        rest.awaitState(connector, "STOPPED", TIMEOUT);
        return rest.alterSourceOffset(connector, partition, offset);
    }

    @Override
    public void close() {
        try {
            connect.stop();
        } finally {
            MapConfigProvider.dropScope(scope);
        }
    }
}
