package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.source.SourceEngineSettings;
import io.datapoint.connect.core.source.TopicTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link ConnectorDbSourceConnector}. */
public final class ConnectorDbSourceConfig extends AbstractConfig {

    static final String STREAMS_GROUP = "Streams";
    static final String DELIVERY = "Delivery";
    static final String FORMAT = "Format";

    public static final String STREAMS = "connectordb.streams";
    public static final String DEVICES = "connectordb.devices";
    public static final String USERS = "connectordb.users";
    public static final String DOWNLINK = "connectordb.downlink";
    public static final String DISCOVERY_INTERVAL_MS = "discovery.interval.ms";
    public static final String START_POSITION = "start.position";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BUFFER_MAX_RECORDS = "buffer.max.records";
    public static final String WEBSOCKET_ENABLED = "websocket.enabled";
    public static final String WEBSOCKET_PING_INTERVAL_MS = "websocket.ping.interval.ms";
    public static final String TOPIC_TEMPLATE = "topic.template";
    public static final String DATA_FORMAT = "data.format";
    /** Internal: the stream paths one task reads (a JSON array), set by the connector. */
    static final String TASK_STREAMS = "connectordb.task.streams";

    static final List<String> TOPIC_PLACEHOLDERS = List.of("user", "device", "stream", "downlink");

    public static final ConfigDef CONFIG_DEF = define();

    public ConnectorDbSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = ConnectorDbConnection.define(new ConfigDef());
        int s = 0;
        def.define(STREAMS, Type.LIST, "", Validators.described("a list of user/device/stream paths",
                value -> ((List<?>) value).forEach(p -> ConnectorDbPath.parse(p.toString(), false))),
                Importance.HIGH,
                "Stream paths to read, user/device/stream, e.g. alice/phone/steps. Combined with"
                    + " connectordb.devices and connectordb.users; at least one of the three must be set.",
                STREAMS_GROUP, ++s, Width.LONG, "Stream paths")
            .define(DEVICES, Type.LIST, "", Validators.described("a list of user/device paths",
                value -> ((List<?>) value).forEach(p -> devicePath(p.toString()))), Importance.HIGH,
                "Read every stream of these devices, user/device, e.g. alice/phone. Re-listed on the discovery"
                    + " interval, so new streams start flowing without a restart.",
                STREAMS_GROUP, ++s, Width.LONG, "Devices")
            .define(USERS, Type.LIST, "", Validators.described("a list of user names",
                value -> ((List<?>) value).forEach(u -> ConnectorDbPath.requireName("user", u.toString().trim()))),
                Importance.HIGH,
                "Read every stream of every device of these users that the credential can read. Re-listed on the"
                    + " discovery interval.", STREAMS_GROUP, ++s, Width.LONG, "Users")
            .define(DOWNLINK, Type.BOOLEAN, false, Importance.MEDIUM,
                "Read the downlink substreams (user/device/stream/downlink) instead of the streams: the commands"
                    + " other devices sent to the device. With connectordb.devices or connectordb.users only"
                    + " streams marked downlink are selected.", STREAMS_GROUP, ++s, Width.SHORT, "Downlink")
            .define(DISCOVERY_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(1_000), Importance.LOW,
                "How often the selection is listed again; new streams start flowing and deleted ones stop without"
                    + " a restart.", STREAMS_GROUP, ++s, Width.SHORT, "Discovery interval (ms)");
        int d = 0;
        def.define(START_POSITION, Type.STRING, "earliest", ConfigDef.ValidString.in("earliest", "latest"),
                Importance.HIGH,
                "Where a stream with no stored offset starts: earliest (index 0) or latest (only datapoints"
                    + " written from now on).", DELIVERY, ++d, Width.SHORT, "Start position")
            .define(POLL_INTERVAL_MS, Type.LONG, 30_000L, Range.atLeast(10), Importance.MEDIUM,
                "How often a caught-up stream is read again. With the websocket enabled, new data arrives at once;"
                    + " this is the safety net for dropped websocket messages.",
                DELIVERY, ++d, Width.SHORT, "Poll interval (ms)")
            .define(BATCH_SIZE, Type.INT, 1_000, Range.between(1, 100_000), Importance.LOW,
                "Most datapoints asked for in one read (an index range).", DELIVERY, ++d, Width.SHORT, "Batch size")
            .define(BUFFER_MAX_RECORDS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                "Most records a task buffers before Kafka Connect takes them; reading waits beyond it.",
                DELIVERY, ++d, Width.SHORT, "Buffer size (records)")
            .define(WEBSOCKET_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Subscribe to the streams on ConnectorDB's websocket so new datapoints are read at once. Messages"
                    + " only wake the reader; data is read by index, so nothing is lost when one is dropped.",
                DELIVERY, ++d, Width.SHORT, "Websocket")
            .define(WEBSOCKET_PING_INTERVAL_MS, Type.LONG, 30_000L, Range.atLeast(1_000), Importance.LOW,
                "How often a websocket ping is sent; a missing pong counts as a dead connection, which is"
                    + " reconnected with backoff (the server's own pings are answered automatically).",
                DELIVERY, ++d, Width.SHORT, "Websocket ping interval (ms)");
        int f = 0;
        def.define(TOPIC_TEMPLATE, Type.STRING, "connectordb.${user}.${device}.${stream}${downlink}",
                Validators.described("a topic name with placeholders", value -> {
                    String problem = TopicTemplate.problem((String) value, TOPIC_PLACEHOLDERS);
                    if (problem != null) {
                        throw new IllegalArgumentException(problem);
                    }
                }), Importance.HIGH,
                "The topic of each stream, with placeholders ${user}, ${device}, ${stream} and ${downlink}"
                    + " (\".downlink\" for downlink substreams, else empty); characters Kafka does not allow"
                    + " become '_'.", FORMAT, ++f, Width.MEDIUM, "Topic template")
            .define(DATA_FORMAT, Type.STRING, "typed", ConfigDef.ValidString.in("typed", "json"), Importance.MEDIUM,
                "typed: the value's d field is typed from the stream's JSON Schema where it pins a type, else JSON"
                    + " text. json: d is always the datapoint's JSON text.", FORMAT, ++f, Width.SHORT, "Data format")
            .defineInternal(TASK_STREAMS, Type.STRING, "[]", Importance.LOW);
        return def;
    }

    /** Parses {@code user/device}. */
    static String[] devicePath(String text) {
        String[] p = text.trim().split("/", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a device path: expected user/device,"
                + " e.g. alice/phone");
        }
        ConnectorDbPath.requireName("user", p[0]);
        ConnectorDbPath.requireName("device", p[1]);
        return p;
    }

    /** True when no stream, device or user is selected. */
    boolean selectsNothing() {
        return getList(STREAMS).isEmpty() && getList(DEVICES).isEmpty() && getList(USERS).isEmpty();
    }

    SourceEngineSettings engineSettings() {
        return new SourceEngineSettings(Duration.ofMillis(getLong(POLL_INTERVAL_MS)), getInt(BATCH_SIZE),
            getInt(BUFFER_MAX_RECORDS), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
}
