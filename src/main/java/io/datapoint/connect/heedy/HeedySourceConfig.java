package io.datapoint.connect.heedy;

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

/** Configuration of {@link HeedySourceConnector}. */
public final class HeedySourceConfig extends AbstractConfig {

    static final String STREAMS = SourceCommonConfig.STREAMS_GROUP;
    static final String DELIVERY = SourceCommonConfig.DELIVERY_GROUP;
    static final String FORMAT = SourceCommonConfig.FORMAT_GROUP;

    public static final String OBJECTS = "heedy.objects";
    public static final String TAGS = "heedy.tags";
    public static final String KEY = "heedy.key";
    public static final String OWNER = "heedy.owner";
    public static final String APP = "heedy.app";
    public static final String START_POSITION = "start.position";
    public static final String EVENTS_ENABLED = "events.enabled";
    public static final String EVENTS_PING_INTERVAL_MS = "events.ping.interval.ms";
    public static final String RECONCILE_WINDOW_SECONDS = "reconcile.window.seconds";
    public static final String RECONCILE_INTERVAL_MS = "reconcile.interval.ms";

    static final List<String> TOPIC_PLACEHOLDERS = List.of("id", "name", "owner", "key");

    public static final ConfigDef CONFIG_DEF = define();

    public HeedySourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = HeedyConnection.define(new ConfigDef());
        int s = 0;
        def.define(OBJECTS, Type.LIST, "", Importance.HIGH,
                "Object ids of the timeseries to read. When set, the filters below are ignored. When empty, every"
                    + " timeseries the token can read that matches all the filters is read.",
                STREAMS, ++s, Width.LONG, "Object ids")
            .define(TAGS, Type.STRING, null, Importance.MEDIUM,
                "Read timeseries that carry all these space-separated tags.", STREAMS, ++s, Width.MEDIUM, "Tags")
            .define(KEY, Type.STRING, null, Importance.MEDIUM,
                "Read the timeseries with this key.", STREAMS, ++s, Width.MEDIUM, "Key")
            .define(OWNER, Type.STRING, null, Importance.MEDIUM,
                "Read timeseries of this user (\"self\" for the app's owner).", STREAMS, ++s, Width.MEDIUM, "Owner")
            .define(APP, Type.STRING, null, Importance.MEDIUM,
                "Read timeseries of this app (\"self\" for the token's app; empty for objects of no app).",
                STREAMS, ++s, Width.MEDIUM, "App");
        SourceCommonConfig.defineDiscoveryInterval(def, STREAMS, ++s, "How often the selection is listed again; new"
            + " matching timeseries start flowing and deleted ones stop without a restart.");
        int d = 0;
        def.define(START_POSITION, Type.STRING, "earliest", Validators.described(
                "earliest, latest, or a heedy time", value -> StartPosition.parse((String) value)), Importance.HIGH,
                "Where a timeseries with no stored offset starts: earliest, latest (only datapoints written from"
                    + " now on), or a time: seconds since the epoch, RFC 3339, or heedy relative time such as"
                    + " now-1d.", DELIVERY, ++d, Width.MEDIUM, "Start position");
        SourceCommonConfig.definePollInterval(def, DELIVERY, ++d, 5_000L, "How often a caught-up timeseries is read"
            + " again. With events enabled, new data arrives sooner.");
        SourceCommonConfig.definePollIdleMax(def, DELIVERY, ++d);
        SourceCommonConfig.definePollIdleMaxPush(def, DELIVERY, ++d, "the event websocket");
        SourceCommonConfig.defineBatchSize(def, DELIVERY, ++d, "Most datapoints asked for in one read.");
        SourceCommonConfig.defineBufferMaxRecords(def, DELIVERY, ++d);
        def.define(EVENTS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Listen to heedy's event websocket so writes are read at once and back-fills behind the cursor"
                    + " are re-read. Polling goes on either way.", DELIVERY, ++d, Width.SHORT, "Events")
            .define(EVENTS_PING_INTERVAL_MS, Type.LONG, 300_000L, Range.atLeast(1_000), Importance.LOW,
                "How often to send heedy's {\"cmd\":\"ping\"} on the event websocket to keep it alive.",
                DELIVERY, ++d, Width.SHORT, "Event ping interval (ms)")
            .define(RECONCILE_WINDOW_SECONDS, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.LOW,
                "Re-read this many seconds behind each timeseries' cursor every reconcile.interval.ms and after"
                    + " each event websocket reconnect, and deliver the datapoints that are new or changed there:"
                    + " back-fills whose events were lost (heedy does not replay events). 0 turns it off. Keep the"
                    + " window under about 10,000 datapoints per timeseries; the first pass after a task starts only"
                    + " learns what the window holds.", DELIVERY, ++d, Width.SHORT, "Reconcile window (s)")
            .define(RECONCILE_INTERVAL_MS, Type.LONG, 300_000L, Range.atLeast(1_000), Importance.LOW,
                "How often the reconcile window is re-read.", DELIVERY, ++d, Width.SHORT,
                "Reconcile interval (ms)");
        int f = 0;
        SourceCommonConfig.defineTopicTemplate(def, FORMAT, ++f, "heedy.${owner}.${name}", TOPIC_PLACEHOLDERS,
            "The topic of each timeseries, with placeholders ${id}, ${name}, ${owner}, ${key}; characters Kafka"
                + " does not allow become '_'.");
        SourceCommonConfig.defineDataFormat(def, FORMAT, ++f, "typed: the value's d field is typed from the"
            + " timeseries' JSON Schema (meta.schema) where it pins a type, else JSON text. json: d is always the"
            + " datapoint's JSON text.");
        return SourceCommonConfig.defineTaskStreams(def);
    }

    SourceEngineSettings engineSettings() {
        return SourceCommonConfig.engineSettings(this, Duration.ofSeconds(60));
    }

    StartPosition startPosition() {
        return StartPosition.parse(getString(START_POSITION));
    }
}
