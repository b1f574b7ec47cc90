package io.datapoint.connect.testkit;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A test-only source connector that writes {@code 1, 2, 3, ...} to one topic, so the harness can be proven
 * without any platform. One source partition {@code {"counter": <topic>}} with offset {@code {"seq": n}}: a
 * restarted task continues after the committed {@code seq}, and {@code PATCH /connectors/{name}/offsets} moves it.
 */
public final class CountingSourceConnector extends SourceConnector {

    /** Topic to write to. */
    public static final String TOPIC = "topic";
    /** How many records to write in total (counting from the committed offset's start, i.e. up to seq = count). */
    public static final String COUNT = "count";
    /** Pause between batches, in ms. */
    public static final String INTERVAL_MS = "interval.ms";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "Topic the numbers are written to.")
            .define(COUNT, ConfigDef.Type.LONG, Long.MAX_VALUE, ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.MEDIUM, "Highest sequence number to write.")
            .define(INTERVAL_MS, ConfigDef.Type.LONG, 20L, ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.LOW, "Pause between batches, in milliseconds.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        CONFIG.parse(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CountingSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
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

    /** Accepts only offsets of the shape {@code {"seq": <non-negative number>}} (or null, to forget). */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            if (entry.getKey() == null || !entry.getKey().containsKey(CountingSourceTask.PARTITION_KEY)) {
                throw new ConfigException("partition must be {\"" + CountingSourceTask.PARTITION_KEY + "\": <topic>}");
            }
            Map<String, ?> offset = entry.getValue();
            if (offset != null && !(offset.get(CountingSourceTask.OFFSET_KEY) instanceof Number n && n.longValue() >= 0)) {
                throw new ConfigException("offset must be {\"" + CountingSourceTask.OFFSET_KEY + "\": <number >= 0>}");
            }
        }
        return true;
    }
}
