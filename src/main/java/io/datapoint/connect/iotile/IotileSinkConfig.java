package io.datapoint.connect.iotile;

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

/** Configuration of {@link IotileSinkConnector}. */
public final class IotileSinkConfig extends AbstractConfig {

    static final String TARGET = "Target";
    static final String FORMAT = "Format";
    static final String DELIVERY = "Delivery";

    public static final String STREAM = "iotile.stream";
    public static final String TOPIC_STREAMS = "iotile.topic.streams";
    public static final String STREAM_FIELD = "iotile.stream.field";
    public static final String VALUE_FIELD = "iotile.value.field";

    public static final ConfigDef CONFIG_DEF = define();

    public IotileSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = IotileConnection.define(new ConfigDef());
        int t = 0;
        def.define(STREAM, Type.STRING, null, Validators.described("a stream slug", value -> {
                if (value != null && !value.toString().isBlank()) {
                    IotileSlug.stream(value.toString());
                }
            }), Importance.HIGH,
                "Write every record to this stream, e.g. s--0000-0005--0000-0000-0000-0000--5020 (a project-level"
                    + " stream) or a device's stream. Set exactly one of iotile.stream, iotile.topic.streams and"
                    + " iotile.stream.field.", TARGET, ++t, Width.LONG, "Stream slug")
            .define(TOPIC_STREAMS, Type.LIST, "", Validators.described("topic:stream-slug pairs",
                value -> parseTopicStreams((List<?>) value)), Importance.HIGH,
                "Write each topic to its own stream: a list of topic:stream-slug pairs.", TARGET, ++t, Width.LONG,
                "Topic to stream map")
            .define(STREAM_FIELD, Type.STRING, null, Importance.HIGH,
                "The value field (dotted path) holding each record's stream slug. Records with a missing or"
                    + " malformed slug go to the errant record reporter.", TARGET, ++t, Width.MEDIUM, "Stream field");
        int f = 0;
        SinkFormatConfig.defineTimeField(def, FORMAT, ++f, SinkFormatConfig.TIME_FIELD_DOC + " IOTile keeps"
            + " microseconds but answers whole seconds.");
        SinkFormatConfig.defineTimeFieldUnit(def, FORMAT, ++f);
        def.define(VALUE_FIELD, Type.STRING, "int_value", Importance.HIGH,
            "The value field (dotted path) holding the reading's integer, sent as int_value (type Num); the stream's"
                + " input unit, if any, converts it on the server. Empty: the whole value. A value IOTile does not"
                + " take as an integer is refused by it and goes to the errant record reporter.", FORMAT, ++f,
            Width.MEDIUM, "Value field");
        SinkFormatConfig.defineNullValues(def, FORMAT, ++f, SinkFormatConfig.NULL_VALUES_DOC);
        int d = 0;
        SinkDeliveryConfig.defineBatchMaxRecords(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineBatchMaxBytes(def, DELIVERY, ++d, Range.between(1_024, 8_000_000),
            "Most bytes (estimated) in one post; the server's proxy may refuse bodies over 10 MB.");
        SinkDeliveryConfig.defineBatchLinger(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineWriteThreads(def, DELIVERY, ++d, "streams");
        SinkDeliveryConfig.defineMaxPendingRecords(def, DELIVERY, ++d);
        return def;
    }

    /** Parses {@code topic:slug} pairs, naming the first malformed entry. */
    static Map<String, String> parseTopicStreams(List<?> entries) {
        return Targets.parseTopicMap(entries, "topic:stream-slug, e.g. meters:s--0000-0005--0000-0000-0000-0000--5020",
            IotileSlug::stream);
    }

    Map<String, String> topicStreams() {
        return parseTopicStreams(getList(TOPIC_STREAMS));
    }

    /** The target fields that are set; a valid config has exactly one. */
    List<String> targetsSet() {
        return Targets.setFields(this, STREAM, TOPIC_STREAMS, STREAM_FIELD);
    }

    SinkEngineSettings engineSettings() {
        return SinkDeliveryConfig.engineSettings(this);
    }
}
