package io.datapoint.connect.core.config;

import io.datapoint.connect.core.source.SourceEngineSettings;
import io.datapoint.connect.core.source.TopicTemplate;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The source settings every platform has, for discovery, the core source engine and record format, and the
 * {@link SourceEngineSettings} read from them. Each {@code define*} adds one key at the given place in a group with
 * the shared name, type, validator and display name; the platform passes the documentation (and defaults where
 * they differ), since it names the platform's streams.
 */
public final class SourceCommonConfig {

    public static final String DISCOVERY_INTERVAL_MS = "discovery.interval.ms";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String POLL_IDLE_MAX_MS = "poll.idle.max.ms";
    public static final String POLL_IDLE_MAX_PUSH_MS = "poll.idle.max.push.ms";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BUFFER_MAX_RECORDS = "buffer.max.records";
    public static final String TOPIC_TEMPLATE = "topic.template";
    public static final String DATA_FORMAT = "data.format";
    /** Internal: the stream ids one task reads, a JSON array set by the connector. */
    public static final String TASK_STREAMS = "task.streams";

    /** The groups a source connector's keys are sorted into, besides the connection and HTTP groups. */
    public static final String STREAMS_GROUP = "Streams";
    public static final String DELIVERY_GROUP = "Delivery";
    public static final String FORMAT_GROUP = "Format";

    /** The value of {@link #DATA_FORMAT} that types the data from the stream's JSON Schema. */
    public static final String TYPED = "typed";

    private SourceCommonConfig() {
    }

    /** Defines {@link #DISCOVERY_INTERVAL_MS}: at least 1000, default 60000. */
    public static ConfigDef defineDiscoveryInterval(ConfigDef def, String group, int order, String doc) {
        return def.define(DISCOVERY_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(1_000), Importance.LOW, doc,
            group, order, Width.SHORT, "Discovery interval (ms)");
    }

    /** Defines {@link #POLL_INTERVAL_MS}: at least 10. */
    public static ConfigDef definePollInterval(ConfigDef def, String group, int order, long defaultMillis,
                                               String doc) {
        return def.define(POLL_INTERVAL_MS, Type.LONG, defaultMillis, Range.atLeast(10), Importance.MEDIUM, doc,
            group, order, Width.SHORT, "Poll interval (ms)");
    }

    /**
     * Defines {@link #POLL_IDLE_MAX_MS}: at least 10, default 60000. The documentation names no platform, so it is
     * the same everywhere.
     */
    public static ConfigDef definePollIdleMax(ConfigDef def, String group, int order) {
        return def.define(POLL_IDLE_MAX_MS, Type.LONG, 60_000L, Range.atLeast(10), Importance.LOW,
            "The longest wait between reads of an idle stream. Each read that finds nothing doubles the stream's"
                + " wait, from poll.interval.ms up to this; new data (or a push event) for the stream brings it back"
                + " to poll.interval.ms. So many quiet streams cost requests over this interval, not over the poll"
                + " interval, and a stream that becomes active again is read within it. Nothing is skipped: every"
                + " read starts where the last one ended. At or below poll.interval.ms, every stream is read at the"
                + " poll interval.", group, order, Width.SHORT, "Idle poll ceiling (ms)");
    }

    /**
     * Defines {@link #POLL_IDLE_MAX_PUSH_MS} for a platform with a push channel: at least 10, default 300000.
     *
     * @param channel what the platform's push channel is called, e.g. "the event websocket"
     */
    public static ConfigDef definePollIdleMaxPush(ConfigDef def, String group, int order, String channel) {
        return def.define(POLL_IDLE_MAX_PUSH_MS, Type.LONG, 300_000L, Range.atLeast(10), Importance.LOW,
            "While " + channel + " is connected, the longest wait between reads of an idle stream: pushes read a"
                + " stream at once and every reconnect catches all streams up, so polling is only a safety net"
                + " then. Never shorter than " + POLL_IDLE_MAX_MS + "; while disconnected, that applies.",
            group, order, Width.SHORT, "Idle poll ceiling with push (ms)");
    }

    /** Defines {@link #BATCH_SIZE}: 1 to 100000, default 1000. */
    public static ConfigDef defineBatchSize(ConfigDef def, String group, int order, String doc) {
        return def.define(BATCH_SIZE, Type.INT, 1_000, Range.between(1, 100_000), Importance.LOW, doc, group, order,
            Width.SHORT, "Batch size");
    }

    /** Defines {@link #BUFFER_MAX_RECORDS}: default 10000. */
    public static ConfigDef defineBufferMaxRecords(ConfigDef def, String group, int order) {
        return def.define(BUFFER_MAX_RECORDS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
            "Most records a task buffers before Kafka Connect takes them; reading waits beyond it.",
            group, order, Width.SHORT, "Buffer size (records)");
    }

    /** Defines {@link #TOPIC_TEMPLATE}, accepting only the given placeholders. */
    public static ConfigDef defineTopicTemplate(ConfigDef def, String group, int order, String defaultTemplate,
                                                List<String> placeholders, String doc) {
        return def.define(TOPIC_TEMPLATE, Type.STRING, defaultTemplate, Validators.described(
            "a topic name with placeholders", value -> {
                String problem = TopicTemplate.problem((String) value, placeholders);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
            }), Importance.HIGH, doc, group, order, Width.MEDIUM, "Topic template");
    }

    /** Defines {@link #DATA_FORMAT}: typed (default) or json. */
    public static ConfigDef defineDataFormat(ConfigDef def, String group, int order, String doc) {
        return def.define(DATA_FORMAT, Type.STRING, TYPED, ConfigDef.ValidString.in(TYPED, "json"),
            Importance.MEDIUM, doc, group, order, Width.SHORT, "Data format");
    }

    /** Defines the internal {@link #TASK_STREAMS}, which {@code DiscoveringSourceConnector} sets for each task. */
    public static ConfigDef defineTaskStreams(ConfigDef def) {
        return def.defineInternal(TASK_STREAMS, Type.STRING, "[]", Importance.LOW);
    }

    /** Whether {@link #DATA_FORMAT} asks for typed data. */
    public static boolean typed(AbstractConfig config) {
        return TYPED.equals(config.getString(DATA_FORMAT));
    }

    /**
     * The source engine's settings from a config that defines the keys above; {@code poll()} waits up to 1 s. The
     * idle ceilings apply where defined ({@link #POLL_IDLE_MAX_PUSH_MS} only on platforms with a push channel).
     *
     * @param errorBackoffMax the longest wait before a stream that failed to read is tried again
     */
    public static SourceEngineSettings engineSettings(AbstractConfig config, Duration errorBackoffMax) {
        Duration poll = Duration.ofMillis(config.getLong(POLL_INTERVAL_MS));
        Duration idleMax = millisOr(config, POLL_IDLE_MAX_MS, poll);
        return new SourceEngineSettings(poll, config.getInt(BATCH_SIZE), config.getInt(BUFFER_MAX_RECORDS),
            Duration.ofSeconds(1), errorBackoffMax, idleMax, millisOr(config, POLL_IDLE_MAX_PUSH_MS, idleMax));
    }

    private static Duration millisOr(AbstractConfig config, String key, Duration absent) {
        Object value = config.values().get(key);
        return value == null ? absent : Duration.ofMillis((Long) value);
    }
}
