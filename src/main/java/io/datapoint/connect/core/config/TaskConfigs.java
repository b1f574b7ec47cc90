package io.datapoint.connect.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

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

    /** A task's stream ids as one config value: a JSON array, since ids may hold commas. */
    public static String encodeStreams(List<String> streams) {
        try {
            return JSON.writeValueAsString(streams);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always encodes", e);
        }
    }

    /**
     * The stream ids {@link #encodeStreams} wrote.
     *
     * @throws IllegalArgumentException when the value is not a JSON array of strings
     */
    public static List<String> decodeStreams(String value) {
        try {
            List<String> streams = JSON.readValue(value == null ? "[]" : value, STRINGS);
            if (streams == null || streams.contains(null)) {
                throw new IllegalArgumentException("expected a JSON array of stream ids but got " + value);
            }
            return List.copyOf(streams);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected a JSON array of stream ids but got " + value, e);
        }
    }
}
