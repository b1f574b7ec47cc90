package io.datapoint.connect.connectordb;

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
        SinkFormatConfig.defineTimeField(def, FORMAT, ++f, SinkFormatConfig.TIME_FIELD_DOC);
        SinkFormatConfig.defineTimeFieldUnit(def, FORMAT, ++f);
        SinkFormatConfig.defineDataField(def, FORMAT, ++f);
        SinkFormatConfig.defineNullValues(def, FORMAT, ++f, SinkFormatConfig.NULL_VALUES_DOC);
        int d = 0;
        def.define(INSERT_MODE, Type.STRING, "append", ConfigDef.ValidString.in("append", "restamp"),
            Importance.MEDIUM,
            "append (POST): datapoints keep their time; those older than the stream's last datapoint go to the"
                + " errant record reporter with ConnectorDB's message. restamp (PUT): older datapoints are"
                + " moved up to the stream's last time, so nothing is refused for its time. Either way a"
                + " failed write is checked against the stream before it is sent again.",
            DELIVERY, ++d, Width.SHORT, "Insert mode");
        SinkDeliveryConfig.defineBatchMaxRecords(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineBatchMaxBytes(def, DELIVERY, ++d, Range.between(1_024, 8_000_000),
            "Most bytes (estimated) in one write; ConnectorDB refuses bodies over 10 MiB.");
        SinkDeliveryConfig.defineBatchLinger(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineWriteThreads(def, DELIVERY, ++d, "streams");
        SinkDeliveryConfig.defineMaxPendingRecords(def, DELIVERY, ++d);
        return def;
    }

    /** Parses {@code topic:user/device/stream} pairs, naming the first malformed entry. */
    static Map<String, ConnectorDbPath> parseTopicStreams(List<?> entries) {
        return Targets.parseTopicMap(entries, "topic:user/device/stream, e.g. commands:alice/light/power",
            path -> ConnectorDbPath.parse(path, false));
    }

    Map<String, ConnectorDbPath> topicStreams() {
        return parseTopicStreams(getList(TOPIC_STREAMS));
    }

    /** The target fields that are set; a valid config has exactly one. */
    List<String> targetsSet() {
        return Targets.setFields(this, STREAM, TOPIC_STREAMS, STREAM_FIELD);
    }

    boolean restamp() {
        return "restamp".equals(getString(INSERT_MODE));
    }

    SinkEngineSettings engineSettings() {
        return SinkDeliveryConfig.engineSettings(this);
    }
}
