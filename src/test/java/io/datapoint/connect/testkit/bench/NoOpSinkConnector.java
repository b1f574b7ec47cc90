package io.datapoint.connect.testkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A test-only sink that does nothing with its records but count them: its rate through a worker is the ceiling
 * the worker's consumer and converters allow. Counts are kept per connector name in this JVM.
 */
public final class NoOpSinkConnector extends SinkConnector {

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private Map<String, String> props;

    /** Records put into the tasks of connector {@code name} so far. */
    public static long count(String name) {
        AtomicLong count = COUNTS.get(name);
        return count == null ? 0 : count.get();
    }

    static AtomicLong counter(String name) {
        return COUNTS.computeIfAbsent(name, k -> new AtomicLong());
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return NoOpSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing to release
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "test";
    }
}
