package io.datapoint.connect.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.util.ConnectorUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the task configurations a connector hands to Kafka Connect. */
public final class TaskConfigs {

    private static final Logger log = LoggerFactory.getLogger(TaskConfigs.class);

    private TaskConfigs() {
    }

    /** {@code maxTasks} copies of the connector config: for sinks, where Kafka spreads the partitions. */
    public static List<Map<String, String>> replicate(Map<String, String> props, int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    /**
     * Spreads streams over at most {@code maxTasks} tasks with {@link ConnectorUtils#groupPartitions}: each task's
     * config is the connector config plus {@code key} set to its streams, encoded by {@code encode}. No streams
     * means no tasks, logged as a warning.
     *
     * @param noneWarning the warning to log when there are no streams, e.g. "x source 'a': no stream matches ..."
     */
    public static List<Map<String, String>> spread(Map<String, String> props, List<String> streams, int maxTasks,
                                                   String key, Function<List<String>, String> encode,
                                                   String noneWarning) {
        if (streams.isEmpty()) {
            log.warn(noneWarning);
            return List.of();
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> group : ConnectorUtils.groupPartitions(streams, Math.min(maxTasks, streams.size()))) {
            Map<String, String> task = new HashMap<>(props);
            task.put(key, encode.apply(group));
            configs.add(task);
        }
        return configs;
    }
}
