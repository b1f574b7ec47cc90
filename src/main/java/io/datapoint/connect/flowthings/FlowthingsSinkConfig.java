package io.datapoint.connect.flowthings;

import io.datapoint.connect.core.config.SinkDeliveryConfig;
import io.datapoint.connect.core.config.SinkFormatConfig;
import io.datapoint.connect.core.config.Targets;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.SinkEngineSettings;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;

/** Configuration of {@link FlowthingsSinkConnector}. */
public final class FlowthingsSinkConfig extends AbstractConfig {

    static final String TARGET = "Target";
    static final String FORMAT = "Format";
    static final String DELIVERY = "Delivery";

    public static final String FLOW_ID = "flowthings.flow.id";
    public static final String FLOW_PATH = "flowthings.flow.path";
    public static final String TOPIC_FLOWS = "flowthings.topic.flows";
    public static final String FLOW_FIELD = "flowthings.flow.field";
    public static final String LOCATION_FIELD = "location.field";
    public static final String FHASH = "fhash.mode";
    public static final String DUPLICATE_PATTERN = "fhash.duplicate.pattern";
    public static final String PARALLEL_REQUESTS = "write.parallel.requests";

    static final String[] TARGETS = {FLOW_ID, FLOW_PATH, TOPIC_FLOWS, FLOW_FIELD};

    public static final ConfigDef CONFIG_DEF = define();

    public FlowthingsSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = FlowthingsConnection.define(new ConfigDef());
        int t = 0;
        def.define(FLOW_ID, Type.STRING, null, Importance.HIGH,
                "Write every record as a drop into the flow with this id. Set exactly one of flowthings.flow.id,"
                    + " flowthings.flow.path, flowthings.topic.flows and flowthings.flow.field.", TARGET, ++t,
                Width.LONG, "Flow id")
            .define(FLOW_PATH, Type.STRING, null, Importance.HIGH,
                "Write every record into the flow at this path, e.g. /alice/drinks (resolved to its id).",
                TARGET, ++t, Width.LONG, "Flow path")
            .define(TOPIC_FLOWS, Type.LIST, "", Validators.described("topic:flow pairs",
                    value -> parseTopicFlows((List<?>) value)), Importance.HIGH,
                "Write each topic into its own flow: a list of topic:flow pairs, the flow given by id or by path"
                    + " (e.g. readings:/alice/readings).", TARGET, ++t, Width.LONG, "Topic to flow map")
            .define(FLOW_FIELD, Type.STRING, null, Importance.HIGH,
                "Write each record into the flow named by this value field (dotted path): a flow id, or a path"
                    + " starting with '/'.", TARGET, ++t, Width.MEDIUM, "Flow field");
        int f = 0;
        def.define(SinkFormatConfig.DATA_FIELD, Type.STRING, null, Importance.MEDIUM,
                "The value field (dotted path) that becomes the drop's elems. Empty: the whole value. It must be a"
                    + " Struct, a Map or a JSON object string.", FORMAT, ++f, Width.MEDIUM, "Elems field")
            .define(LOCATION_FIELD, Type.STRING, null, Importance.LOW,
                "The value field (dotted path) holding the drop's location, a struct or map with lat and lon."
                    + " Empty: no location.", FORMAT, ++f, Width.MEDIUM, "Location field");
        SinkFormatConfig.defineNullValues(def, FORMAT, ++f, SinkFormatConfig.NULL_VALUES_DOC);
        int d = 0;
        def.define(FHASH, Type.STRING, "offset", ConfigDef.ValidString.in("offset", "none"), Importance.MEDIUM,
                "offset (default): each drop carries fhash = topic-partition-offset of its record, so a retried or"
                    + " redelivered record is processed by the flow only once. none: no fhash (a redelivered"
                    + " record becomes a second drop).", DELIVERY, ++d, Width.SHORT, "fhash")
            .define(DUPLICATE_PATTERN, Type.STRING, "(?i)fhash|duplicate|already", Validators.described(
                    "a Java regular expression", value -> {
                        try {
                            Pattern.compile((String) value);
                        } catch (PatternSyntaxException e) {
                            throw new IllegalArgumentException(e.getMessage());
                        }
                    }), Importance.LOW,
                "A 4xx answer to a create whose error message matches this regular expression means the flow had"
                    + " already processed the drop's fhash (a retry of a stored drop): it counts as written, not"
                    + " as a refusal.", DELIVERY, ++d, Width.MEDIUM, "Duplicate fhash pattern")
            .define(PARALLEL_REQUESTS, Type.INT, 8, Range.between(1, 64), Importance.MEDIUM,
                "The API has no batch create: at most this many drop creates of one batch are in flight at once.",
                DELIVERY, ++d, Width.SHORT, "Parallel requests");
        SinkDeliveryConfig.defineBatchMaxRecords(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineBatchMaxBytes(def, DELIVERY, ++d, Range.atLeast(1_024),
            SinkDeliveryConfig.BATCH_MAX_BYTES_DOC);
        SinkDeliveryConfig.defineBatchLinger(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineWriteThreads(def, DELIVERY, ++d, "flows");
        SinkDeliveryConfig.defineMaxPendingRecords(def, DELIVERY, ++d);
        return def;
    }

    /** Parses {@code topic:flow} pairs (the flow an id or a path), naming the first malformed entry. */
    static Map<String, String> parseTopicFlows(List<?> entries) {
        return Targets.parseTopicMap(entries, "topic:flow (a flow id or a path), e.g. readings:/alice/readings",
            flow -> flow);
    }

    Map<String, String> topicFlows() {
        return parseTopicFlows(getList(TOPIC_FLOWS));
    }

    /** The target fields that are set; a valid config has exactly one. */
    List<String> targetsSet() {
        return Targets.setFields(this, TARGETS);
    }

    SinkEngineSettings engineSettings() {
        return SinkDeliveryConfig.engineSettings(this);
    }
}
