package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.source.SourceEngineSettings;
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

    static final String STREAMS_GROUP = SourceCommonConfig.STREAMS_GROUP;
    static final String DELIVERY = SourceCommonConfig.DELIVERY_GROUP;
    static final String FORMAT = SourceCommonConfig.FORMAT_GROUP;

    public static final String STREAMS = "connectordb.streams";
    public static final String DEVICES = "connectordb.devices";
    public static final String USERS = "connectordb.users";
    public static final String DOWNLINK = "connectordb.downlink";
    public static final String START_POSITION = "start.position";
    public static final String WEBSOCKET_ENABLED = "websocket.enabled";
    public static final String WEBSOCKET_PING_INTERVAL_MS = "websocket.ping.interval.ms";

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
                    + " streams marked downlink are selected.", STREAMS_GROUP, ++s, Width.SHORT, "Downlink");
        SourceCommonConfig.defineDiscoveryInterval(def, STREAMS_GROUP, ++s, "How often the selection is listed again;"
            + " new streams start flowing and deleted ones stop without a restart.");
        int d = 0;
        def.define(START_POSITION, Type.STRING, "earliest", ConfigDef.ValidString.in("earliest", "latest"),
                Importance.HIGH,
                "Where a stream with no stored offset starts: earliest (index 0) or latest (only datapoints"
                    + " written from now on).", DELIVERY, ++d, Width.SHORT, "Start position");
        SourceCommonConfig.definePollInterval(def, DELIVERY, ++d, 30_000L, "How often a caught-up stream is read"
            + " again. With the websocket enabled, new data arrives at once; this is the safety net for dropped"
            + " websocket messages.");
        SourceCommonConfig.definePollIdleMax(def, DELIVERY, ++d);
        SourceCommonConfig.definePollIdleMaxPush(def, DELIVERY, ++d, "the websocket");
        SourceCommonConfig.defineBatchSize(def, DELIVERY, ++d, "Most datapoints asked for in one read (an index"
            + " range).");
        SourceCommonConfig.defineBufferMaxRecords(def, DELIVERY, ++d);
        def.define(WEBSOCKET_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Subscribe to the streams on ConnectorDB's websocket so new datapoints are read at once. Messages"
                    + " only wake the reader; data is read by index, so nothing is lost when one is dropped.",
                DELIVERY, ++d, Width.SHORT, "Websocket")
            .define(WEBSOCKET_PING_INTERVAL_MS, Type.LONG, 30_000L, Range.atLeast(1_000), Importance.LOW,
                "How often a websocket ping is sent; a missing pong counts as a dead connection, which is"
                    + " reconnected with backoff (the server's own pings are answered automatically).",
                DELIVERY, ++d, Width.SHORT, "Websocket ping interval (ms)");
        int f = 0;
        SourceCommonConfig.defineTopicTemplate(def, FORMAT, ++f, "connectordb.${user}.${device}.${stream}${downlink}",
            TOPIC_PLACEHOLDERS, "The topic of each stream, with placeholders ${user}, ${device}, ${stream} and"
                + " ${downlink} (\".downlink\" for downlink substreams, else empty); characters Kafka does not allow"
                + " become '_'.");
        SourceCommonConfig.defineDataFormat(def, FORMAT, ++f, "typed: the value's d field is typed from the stream's"
            + " JSON Schema where it pins a type, else JSON text. json: d is always the datapoint's JSON text.");
        return SourceCommonConfig.defineTaskStreams(def);
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
        return SourceCommonConfig.engineSettings(this, Duration.ofSeconds(30));
    }
}
