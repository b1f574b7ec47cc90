package io.datapoint.connect.heedy;

import io.datapoint.connect.core.config.SinkDeliveryConfig;
import io.datapoint.connect.core.config.SinkFormatConfig;
import io.datapoint.connect.core.config.Targets;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.SinkEngineSettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;

/** Configuration of {@link HeedySinkConnector}. */
public final class HeedySinkConfig extends AbstractConfig {

    static final String TARGET = "Target";
    static final String FORMAT = "Format";
    static final String DELIVERY = "Delivery";

    public static final String OBJECT = "heedy.object";
    public static final String KEY = "heedy.key";
    public static final String TOPIC_OBJECTS = "heedy.topic.objects";
    public static final String CREATE_MISSING = "heedy.create.missing";
    public static final String CREATE_NAME = "heedy.create.name";
    public static final String CREATE_TAGS = "heedy.create.tags";
    public static final String DURATION_FIELD = "duration.field";
    public static final String WRITE_METHOD = "write.method";

    public static final ConfigDef CONFIG_DEF = define();

    public HeedySinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = HeedyConnection.define(new ConfigDef());
        int t = 0;
        def.define(OBJECT, Type.STRING, null, Importance.HIGH,
                "Write every record to the timeseries with this object id. Set exactly one of heedy.object,"
                    + " heedy.key and heedy.topic.objects.", TARGET, ++t, Width.LONG, "Object id")
            .define(KEY, Type.STRING, null, Importance.HIGH,
                "Write every record to the app's timeseries with this key, created when missing (see"
                    + " heedy.create.missing) with a JSON Schema derived from the record schema.",
                TARGET, ++t, Width.MEDIUM, "Key")
            .define(TOPIC_OBJECTS, Type.LIST, "", Validators.described("topic:objectId pairs",
                value -> parseTopicObjects(TOPIC_OBJECTS, (List<?>) value)),
                Importance.HIGH, "Write each topic to its own timeseries: a list of topic:objectId pairs.",
                TARGET, ++t, Width.LONG, "Topic to object map")
            .define(CREATE_MISSING, Type.BOOLEAN, true, Importance.MEDIUM,
                "With heedy.key: create the timeseries when the app has none with that key (needs the"
                    + " self.objects scope).", TARGET, ++t, Width.SHORT, "Create missing")
            .define(CREATE_NAME, Type.STRING, null, Importance.LOW,
                "Name of a created timeseries (default: the key).", TARGET, ++t, Width.MEDIUM, "Created name")
            .define(CREATE_TAGS, Type.STRING, null, Importance.LOW,
                "Space-separated tags of a created timeseries.", TARGET, ++t, Width.MEDIUM, "Created tags");
        int f = 0;
        SinkFormatConfig.defineTimeField(def, FORMAT, ++f, "The value field (dotted path for nested structs/maps)"
            + " holding the datapoint time. Empty: the Kafka record timestamp. The field may be a Connect Timestamp,"
            + " a number (see time.field.unit) or an RFC 3339 string.");
        SinkFormatConfig.defineTimeFieldUnit(def, FORMAT, ++f);
        SinkFormatConfig.defineDataField(def, FORMAT, ++f);
        def.define(DURATION_FIELD, Type.STRING, null, Importance.LOW,
            "The value field (dotted path) holding the datapoint's duration dt in seconds. Empty: no duration.",
            FORMAT, ++f, Width.MEDIUM, "Duration field");
        SinkFormatConfig.defineNullValues(def, FORMAT, ++f, "What to do with a tombstone (a record with a null"
            + " value): ignore skips it and counts it in the sink-records-total{outcome=skipped} metric; fail sends"
            + " it to the errant record reporter (dead-letter queue), or fails the task when none is configured.");
        int d = 0;
        def.define(WRITE_METHOD, Type.STRING, "update", ConfigDef.ValidString.in("update", "insert", "append"),
            Importance.MEDIUM,
            "heedy's insert method. update (default) replaces a datapoint with the same timestamp, so a"
                + " redelivered record never duplicates one; insert and append refuse conflicts, and such"
                + " records go to the errant record reporter.", DELIVERY, ++d, Width.SHORT, "Write method");
        SinkDeliveryConfig.defineBatchMaxRecords(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineBatchMaxBytes(def, DELIVERY, ++d, Range.atLeast(1_024),
            SinkDeliveryConfig.BATCH_MAX_BYTES_DOC);
        SinkDeliveryConfig.defineBatchLinger(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineWriteThreads(def, DELIVERY, ++d, "timeseries");
        SinkDeliveryConfig.defineMaxPendingRecords(def, DELIVERY, ++d);
        return def;
    }

    /** Parses {@code topic:objectId} pairs, naming the first malformed entry. */
    static Map<String, String> parseTopicObjects(String name, List<?> entries) {
        return Targets.parseTopicMap(entries, "topic:objectId, e.g. readings:1a1f624e-...", id -> id);
    }

    Map<String, String> topicObjects() {
        return parseTopicObjects(TOPIC_OBJECTS, getList(TOPIC_OBJECTS));
    }

    /** The target fields that are set; a valid config has exactly one. */
    List<String> targetsSet() {
        return Targets.setFields(this, OBJECT, KEY, TOPIC_OBJECTS);
    }

    SinkEngineSettings engineSettings() {
        return SinkDeliveryConfig.engineSettings(this);
    }
}
