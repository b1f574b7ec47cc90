package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.config.SinkDeliveryConfig;
import io.datapoint.connect.core.config.SinkFormatConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.SinkEngineSettings;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link HexoskinSinkConnector}. */
public final class HexoskinSinkConfig extends AbstractConfig {

    static final String TARGET = "Target";
    static final String FORMAT = "Format";
    static final String DELIVERY = "Delivery";

    public static final String RESOURCE = "hexoskin.sink.resource";
    public static final String USER = "hexoskin.user";
    public static final String USER_FIELD = "hexoskin.user.field";
    public static final String DATATYPE = "hexoskin.datatype";
    public static final String END_FIELD = "range.end.field";
    public static final String DURATION_MS = "range.duration.ms";
    public static final String BULK_MAX_OBJECTS = "hexoskin.sink.bulk.max.objects";

    static final String ANNOTATION = "annotation";
    static final String RANGE = "range";

    public static final ConfigDef CONFIG_DEF = define();

    public HexoskinSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = HexoskinConnection.define(new ConfigDef());
        int t = 0;
        def.define(RESOURCE, Type.STRING, ANNOTATION, ConfigDef.ValidString.in(ANNOTATION, RANGE), Importance.HIGH,
                "What each record becomes: annotation (a point on the user's timeline, with text and optionally a"
                    + " datatype) or range (an interval with a name). Hexoskin takes no raw samples.", TARGET, ++t,
                Width.SHORT, "Resource")
            .define(USER, Type.STRING, null, Validators.described("a user id", v -> {
                if (v != null && !v.toString().isBlank() && !v.toString().trim().matches("[0-9]+")) {
                    throw new IllegalArgumentException("not a user id");
                }
            }), Importance.HIGH, "The user id every record is written for. Set this or hexoskin.user.field.",
                TARGET, ++t, Width.MEDIUM, "User")
            .define(USER_FIELD, Type.STRING, null, Importance.HIGH,
                "The value field (dotted path) holding each record's user id.", TARGET, ++t, Width.MEDIUM,
                "User field")
            .define(DATATYPE, Type.STRING, null, Importance.MEDIUM,
                "A datatype id or name to attach annotations to (optional).", TARGET, ++t, Width.MEDIUM, "Datatype");
        int f = 0;
        SinkFormatConfig.defineTimeField(def, FORMAT, ++f, "The value field (dotted path) holding the start time."
            + " Empty: the record timestamp.");
        SinkFormatConfig.defineTimeFieldUnit(def, FORMAT, ++f);
        def.define(SinkFormatConfig.DATA_FIELD, Type.STRING, null, Importance.MEDIUM,
            "The value field (dotted path) holding the annotation text or the range name: a string as it is, other"
                + " values as JSON text. Empty: the whole value as JSON text.", FORMAT, ++f, Width.MEDIUM,
            "Text field");
        def.define(END_FIELD, Type.STRING, null, Importance.MEDIUM,
                "Ranges: the value field holding the end time (same unit as time.field). Empty: start plus"
                    + " range.duration.ms.", FORMAT, ++f, Width.MEDIUM, "Range end field")
            .define(DURATION_MS, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                "Ranges without range.end.field: the range's length.", FORMAT, ++f, Width.SHORT,
                "Range duration (ms)");
        SinkFormatConfig.defineNullValues(def, FORMAT, ++f, SinkFormatConfig.NULL_VALUES_DOC);
        int d = 0;
        SinkDeliveryConfig.defineBatchMaxRecords(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineBatchMaxBytes(def, DELIVERY, ++d, Range.between(1_024, 8_000_000),
            SinkDeliveryConfig.BATCH_MAX_BYTES_DOC);
        SinkDeliveryConfig.defineBatchLinger(def, DELIVERY, ++d);
        SinkDeliveryConfig.defineWriteThreads(def, DELIVERY, ++d, "users");
        SinkDeliveryConfig.defineMaxPendingRecords(def, DELIVERY, ++d);
        def.define(BULK_MAX_OBJECTS, Type.INT, 200, Range.between(1, 1_000), Importance.LOW,
            "Most annotations or ranges in one bulk request (PATCH of the list; at most 1 MB of them). More per request"
                + " writes faster against Hexoskin's request rate; a request the server refuses is sent again one"
                + " object per request to find the records at fault.", DELIVERY, ++d, Width.SHORT,
            "Objects per bulk request");
        return def;
    }

    boolean ranges() {
        return RANGE.equals(getString(RESOURCE));
    }

    /** True when exactly one of hexoskin.user and hexoskin.user.field is set. */
    boolean oneUserTarget() {
        boolean fixed = getString(USER) != null && !getString(USER).isBlank();
        boolean field = getString(USER_FIELD) != null && !getString(USER_FIELD).isBlank();
        return fixed != field;
    }

    SinkEngineSettings engineSettings() {
        return SinkDeliveryConfig.engineSettings(this);
    }
}
