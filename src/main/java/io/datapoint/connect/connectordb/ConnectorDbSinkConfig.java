package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.SinkEngineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link ConnectorDbSinkConnector}. */
public final class ConnectorDbSinkConfig extends AbstractConfig {

    static final String TARGET = "Target";
    static final String FORMAT = "Format";
    static final String DELIVERY = "Delivery";

    public static final String STREAM = "connectordb.stream";
    public static final String TOPIC_STREAMS = "connectordb.topic.streams";
    public static final String STREAM_FIELD = "connectordb.stream.field";
    public static final String DOWNLINK = "connectordb.downlink";
    public static final String CREATE_MISSING = "connectordb.create.missing";
    public static final String INSERT_MODE = "insert.mode";
    public static final String TIME_FIELD = "time.field";
    public static final String TIME_FIELD_UNIT = "time.field.unit";
    public static final String DATA_FIELD = "data.field";
    public static final String NULL_VALUES = "behavior.on.null.values";
    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String WRITE_THREADS = "write.threads";
    public static final String MAX_PENDING_RECORDS = "max.pending.records";

    public static final ConfigDef CONFIG_DEF = define();

    public ConnectorDbSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = ConnectorDbConnection.define(new ConfigDef());
        int t = 0;
        def.define(STREAM, Type.STRING, null, Validators.described("a user/device/stream path", value -> {
                if (value != null && !value.toString().isBlank()) {
                    ConnectorDbPath.parse(value.toString(), false);
                }
            }), Importance.HIGH,
                "Write every record to this stream, user/device/stream. Set exactly one of connectordb.stream,"
                    + " connectordb.topic.streams and connectordb.stream.field.", TARGET, ++t, Width.LONG, "Stream")
            .define(TOPIC_STREAMS, Type.LIST, "", Validators.described("topic:user/device/stream pairs",
                value -> parseTopicStreams((List<?>) value)), Importance.HIGH,
                "Write each topic to its own stream: a list of topic:user/device/stream pairs.",
                TARGET, ++t, Width.LONG, "Topic to stream map")
            .define(STREAM_FIELD, Type.STRING, null, Importance.HIGH,
                "The value field (dotted path) holding each record's target stream path, user/device/stream."
                    + " Records with a missing or malformed path go to the errant record reporter.",
                TARGET, ++t, Width.MEDIUM, "Stream field")
            .define(DOWNLINK, Type.BOOLEAN, false, Importance.MEDIUM,
                "Write commands to devices: the credential is not the streams' owner and the streams are downlink"
                    + " streams, so datapoints land in their downlink substreams, which the write checks read.",
                TARGET, ++t, Width.SHORT, "Downlink")
            .define(CREATE_MISSING, Type.BOOLEAN, false, Importance.MEDIUM,
                "Create a missing target stream, with a JSON Schema derived from the first record's schema (any"
                    + " JSON for schemaless records). The credential must be allowed to create streams on the"
                    + " device (the device itself or its user). Not with connectordb.downlink.",
                TARGET, ++t, Width.SHORT, "Create missing");
        int f = 0;
        def.define(TIME_FIELD, Type.STRING, null, Importance.MEDIUM,
                "The value field (dotted path) holding the datapoint time. Empty: the Kafka record timestamp. The"
                    + " field may be a Connect Timestamp, a number (see time.field.unit) or an RFC 3339 string.",
                FORMAT, ++f, Width.MEDIUM, "Time field")
            .define(TIME_FIELD_UNIT, Type.STRING, "seconds", ConfigDef.ValidString.in("seconds", "milliseconds"),
                Importance.LOW, "The unit of a numeric time field.", FORMAT, ++f, Width.SHORT, "Time field unit")
            .define(DATA_FIELD, Type.STRING, null, Importance.MEDIUM,
                "The value field (dotted path) that becomes the datapoint's d. Empty: the whole value.",
                FORMAT, ++f, Width.MEDIUM, "Data field")
            .define(NULL_VALUES, Type.STRING, "ignore", ConfigDef.ValidString.in("ignore", "fail"), Importance.LOW,
                "What to do with a tombstone (a record with a null value): ignore skips it; fail sends it to the"
                    + " errant record reporter (dead-letter queue), or fails the task when none is configured.",
                FORMAT, ++f, Width.SHORT, "Null values");
        int d = 0;
        def.define(INSERT_MODE, Type.STRING, "append", ConfigDef.ValidString.in("append", "restamp"),
                Importance.MEDIUM,
                "append (POST): datapoints keep their time; those older than the stream's last datapoint go to the"
                    + " errant record reporter with ConnectorDB's message. restamp (PUT): older datapoints are"
                    + " moved up to the stream's last time, so nothing is refused for its time. Either way a"
                    + " failed write is checked against the stream before it is sent again.",
                DELIVERY, ++d, Width.SHORT, "Insert mode")
            .define(BATCH_MAX_RECORDS, Type.INT, 1_000, Range.between(1, 5_000), Importance.LOW,
                "Most datapoints in one write.", DELIVERY, ++d, Width.SHORT, "Batch size")
            .define(BATCH_MAX_BYTES, Type.LONG, 4_000_000L, Range.between(1_024, 8_000_000), Importance.LOW,
                "Most bytes (estimated) in one write; ConnectorDB refuses bodies over 10 MiB.",
                DELIVERY, ++d, Width.SHORT, "Batch bytes")
            .define(BATCH_LINGER_MS, Type.LONG, 200L, Range.atLeast(0), Importance.LOW,
                "How long a partly filled batch waits for more records.", DELIVERY, ++d, Width.SHORT, "Linger (ms)")
            .define(WRITE_THREADS, Type.INT, 2, Range.between(1, 64), Importance.LOW,
                "How many streams a task writes concurrently.", DELIVERY, ++d, Width.SHORT, "Write threads")
            .define(MAX_PENDING_RECORDS, Type.INT, 20_000, Range.atLeast(1), Importance.LOW,
                "Most records a task holds that are not yet written; it waits for writes beyond it.",
                DELIVERY, ++d, Width.SHORT, "Max pending records");
        return def;
    }

    /** Parses {@code topic:user/device/stream} pairs, naming the first malformed entry. */
    static Map<String, ConnectorDbPath> parseTopicStreams(List<?> entries) {
        Map<String, ConnectorDbPath> map = new LinkedHashMap<>();
        if (entries == null) {
            return map;
        }
        for (Object e : entries) {
            String s = e.toString().trim();
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("Each entry must be topic:user/device/stream, e.g."
                    + " commands:alice/light/power, but got '" + s + "'");
            }
            map.put(s.substring(0, colon).trim(), ConnectorDbPath.parse(s.substring(colon + 1), false));
        }
        return map;
    }

    Map<String, ConnectorDbPath> topicStreams() {
        return parseTopicStreams(getList(TOPIC_STREAMS));
    }

    /** The target fields that are set; a valid config has exactly one. */
    List<String> targetsSet() {
        List<String> set = new ArrayList<>();
        if (getString(STREAM) != null && !getString(STREAM).isBlank()) {
            set.add(STREAM);
        }
        if (!getList(TOPIC_STREAMS).isEmpty()) {
            set.add(TOPIC_STREAMS);
        }
        if (getString(STREAM_FIELD) != null && !getString(STREAM_FIELD).isBlank()) {
            set.add(STREAM_FIELD);
        }
        return set;
    }

    boolean restamp() {
        return "restamp".equals(getString(INSERT_MODE));
    }

    SinkEngineSettings engineSettings() {
        return new SinkEngineSettings(getInt(BATCH_MAX_RECORDS), getLong(BATCH_MAX_BYTES),
            Duration.ofMillis(getLong(BATCH_LINGER_MS)), getInt(WRITE_THREADS), getInt(MAX_PENDING_RECORDS));
    }
}
