package io.datapoint.connect.testkit.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A test-only source that costs nothing to read: its tasks emit pre-built records (see {@link RecordTemplates}) in
 * batches of the size the platform source uses, so its rate through a worker is the ceiling that worker, its
 * converters and the broker allow for records of that shape.
 */
public final class CeilingSourceConnector extends SourceConnector {

    /** Name of the {@link RecordTemplates} to emit. */
    public static final String TEMPLATES = "templates";
    /** Topic to write to. */
    public static final String TOPIC = "topic";
    /** How many records all tasks together write. */
    public static final String COUNT = "count";
    /** Records per {@code poll()}. */
    public static final String BATCH_SIZE = "batch.size";
    static final String TASK_COUNT = "task.count";

    static final ConfigDef CONFIG = new ConfigDef()
        .define(TEMPLATES, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
            "Name of the record templates to emit.")
        .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
            "Topic the records are written to.")
        .define(COUNT, ConfigDef.Type.LONG, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(0),
            ConfigDef.Importance.HIGH, "Records to write, all tasks together.")
        .define(BATCH_SIZE, ConfigDef.Type.INT, 1_000, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
            "Records per poll.")
        .define(TASK_COUNT, ConfigDef.Type.LONG, -1L, ConfigDef.Importance.LOW, "Set per task: its share.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        CONFIG.parse(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CeilingSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        long count = Long.parseLong(props.get(COUNT));
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(TASK_COUNT, Long.toString(count / maxTasks + (i < count % maxTasks ? 1 : 0)));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing to release
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
