package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.source.SourceEngineSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of {@link FlowthingsSourceConnector}. */
public final class FlowthingsSourceConfig extends AbstractConfig {

    static final String STREAMS = SourceCommonConfig.STREAMS_GROUP;
    static final String DELIVERY = SourceCommonConfig.DELIVERY_GROUP;
    static final String FORMAT = SourceCommonConfig.FORMAT_GROUP;

    public static final String FLOWS = "flowthings.flows";
    public static final String PATHS = "flowthings.paths";
    public static final String PATH_PREFIX = "flowthings.path.prefix";
    public static final String START_POSITION = "start.position";
    public static final String PAGE_SIZE = "page.size";
    public static final String LAG_MS = "catchup.lag.ms";
    public static final String WEBSOCKET_ENABLED = "websocket.enabled";
    public static final String HEARTBEAT_INTERVAL_MS = "websocket.heartbeat.interval.ms";
    public static final String ELEMS_SCHEMA = "flowthings.elems.schema";

    static final List<String> TOPIC_PLACEHOLDERS = List.of("id", "path", "name", "account");

    public static final ConfigDef CONFIG_DEF = define();

    public FlowthingsSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = FlowthingsConnection.define(new ConfigDef());
        FlowthingsConnection.defineWebsocketUrl(def, FlowthingsConnection.GROUP, 5);
        int s = 0;
        def.define(FLOWS, Type.LIST, "", Importance.HIGH,
                "Flow ids to read, e.g. f54ad6428d4c6b0419a019285.", STREAMS, ++s, Width.LONG, "Flow ids")
            .define(PATHS, Type.LIST, "", Importance.HIGH,
                "Flow paths to read, e.g. /alice/drinks; each is resolved to its flow id (and again on every"
                    + " discovery, so a flow recreated at the same path is followed).", STREAMS, ++s, Width.LONG,
                "Flow paths")
            .define(PATH_PREFIX, Type.STRING, null, Importance.HIGH,
                "Read every flow whose path is this path or below it, e.g. /alice/sensors; listed again every"
                    + " discovery.interval.ms, so new flows start and deleted flows stop without a restart.",
                STREAMS, ++s, Width.LONG, "Path prefix");
        SourceCommonConfig.defineDiscoveryInterval(def, STREAMS, ++s, "How often the selection is listed again and"
            + " paths resolved; new flows start flowing and deleted ones stop without a restart.");
        int d = 0;
        def.define(START_POSITION, Type.STRING, "earliest", Validators.described("earliest, latest or epoch ms",
                    value -> startTs((String) value)), Importance.HIGH,
                "Where a flow with no stored offset starts: earliest (every drop the flow still stores), latest"
                    + " (drops created from now on), or a creationDate in epoch milliseconds.", DELIVERY, ++d,
                Width.MEDIUM, "Start position");
        SourceCommonConfig.definePollInterval(def, DELIVERY, ++d, 60_000L, "How often each flow is caught up over"
            + " REST when nothing else triggers it. With the websocket, drops arrive at once and a catch-up also"
            + " runs after every reconnect and shortly after pushes.");
        SourceCommonConfig.definePollIdleMax(def, DELIVERY, ++d);
        SourceCommonConfig.definePollIdleMaxPush(def, DELIVERY, ++d, "the websocket");
        SourceCommonConfig.defineBatchSize(def, DELIVERY, ++d, "Most drops handed over in one read of a flow.");
        SourceCommonConfig.defineBufferMaxRecords(def, DELIVERY, ++d);
        def.define(PAGE_SIZE, Type.INT, 100, Range.between(1, 1000), Importance.LOW,
                "The limit of each catch-up find request. A server that caps it lower is fine: paging goes by creationDate,"
                    + " not by the page being full.",
                DELIVERY, ++d, Width.SHORT, "Page size")
            .define(LAG_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.LOW,
                "How long after its creation a drop is surely visible to a REST find (flowthings does not promise"
                    + " read-after-write). The catch-up re-reads this window, so a late-visible drop is still"
                    + " delivered; it must also cover clock skew between the workers and the server.",
                DELIVERY, ++d, Width.SHORT, "Visibility lag (ms)")
            .define(WEBSOCKET_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Subscribe to the flows over flowthings' websocket so drops are delivered the moment they are"
                    + " created. REST catch-up goes on either way.", DELIVERY, ++d, Width.SHORT, "Websocket")
            .define(HEARTBEAT_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(1_000), Importance.LOW,
                "How often the {\"type\":\"heartbeat\"} message is sent on the websocket to keep it alive.",
                DELIVERY, ++d, Width.SHORT, "Heartbeat interval (ms)");
        int f = 0;
        SourceCommonConfig.defineTopicTemplate(def, FORMAT, ++f, "flowthings.${path}", TOPIC_PLACEHOLDERS,
            "The topic of each flow, with placeholders ${id} (flow id), ${path} (the flow path without the leading"
                + " '/', '/' becoming '.'), ${name} (its last segment) and ${account}; characters Kafka does not"
                + " allow become '_'.");
        SourceCommonConfig.defineDataFormat(def, FORMAT, ++f, "typed: the value's elems field is typed from"
            + " flowthings.elems.schema, or in API 0.1 from the types of the flow's newest drop, else JSON text."
            + " json: elems is always the drop's elems as JSON text.");
        def.define(ELEMS_SCHEMA, Type.STRING, null, Validators.described("a JSON Schema object", value -> {
                if (value != null) {
                    parseSchema((String) value);
                }
            }), Importance.LOW, "A JSON Schema of the drops' elems (an object schema), used for every flow with"
                + " data.format=typed, e.g. {\"type\":\"object\",\"properties\":{\"temp\":{\"type\":\"number\"}}}.",
            FORMAT, ++f, Width.LONG, "Elems schema");
        return SourceCommonConfig.defineTaskStreams(def);
    }

    /** The creationDate a flow without offset starts from; -1 for latest (now, taken when the flow starts). */
    static long startTs(String value) {
        String v = value == null ? "" : value.trim();
        if (v.equals("earliest")) {
            return 0;
        }
        if (v.equals("latest")) {
            return -1;
        }
        try {
            long ts = Long.parseLong(v);
            if (ts < 0) {
                throw new NumberFormatException();
            }
            return ts;
        } catch (NumberFormatException e) {
            throw new ConfigException(START_POSITION, value, "expected earliest, latest or epoch milliseconds");
        }
    }

    static JsonNode parseSchema(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = FlowthingsClient.JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ConfigException(ELEMS_SCHEMA, text, "must be a JSON Schema object");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException(ELEMS_SCHEMA, text, "is not valid JSON: " + e.getMessage());
        }
    }

    boolean selectsNothing() {
        String prefix = getString(PATH_PREFIX);
        return getList(FLOWS).isEmpty() && getList(PATHS).isEmpty() && (prefix == null || prefix.isBlank());
    }

    SourceEngineSettings engineSettings() {
        return SourceCommonConfig.engineSettings(this, Duration.ofSeconds(60));
    }

    FlowthingsStreamReader.Settings readerSettings() {
        return new FlowthingsStreamReader.Settings(getInt(PAGE_SIZE), getLong(LAG_MS),
            getLong(SourceCommonConfig.POLL_INTERVAL_MS), startTs(getString(START_POSITION)));
    }
}
