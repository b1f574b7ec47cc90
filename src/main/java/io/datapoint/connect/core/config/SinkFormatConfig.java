package io.datapoint.connect.core.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The sink settings that say how a record becomes a datapoint, the same for every platform: where the time and the
 * data come from, and what a tombstone does. Each {@code define*} adds one key at the given place in a group, so a
 * platform can put its own keys between them; the platform passes its own documentation where it says more.
 */
public final class SinkFormatConfig {

    public static final String TIME_FIELD = "time.field";
    public static final String TIME_FIELD_UNIT = "time.field.unit";
    public static final String DATA_FIELD = "data.field";
    public static final String NULL_VALUES = "behavior.on.null.values";

    /** The plain documentation of {@link #TIME_FIELD}. */
    public static final String TIME_FIELD_DOC = "The value field (dotted path) holding the datapoint time. Empty: the"
        + " Kafka record timestamp. The field may be a Connect Timestamp, a number (see time.field.unit) or an RFC"
        + " 3339 string.";
    /** The plain documentation of {@link #NULL_VALUES}. */
    public static final String NULL_VALUES_DOC = "What to do with a tombstone (a record with a null value): ignore"
        + " skips it; fail sends it to the errant record reporter (dead-letter queue), or fails the task when none is"
        + " configured.";

    /** The value of {@link #TIME_FIELD_UNIT} for a numeric time field in milliseconds. */
    public static final String MILLISECONDS = "milliseconds";
    /** The value of {@link #NULL_VALUES} that refuses tombstones. */
    public static final String FAIL = "fail";

    private SinkFormatConfig() {
    }

    /** Defines {@link #TIME_FIELD}: a dotted path, empty for the record timestamp. */
    public static ConfigDef defineTimeField(ConfigDef def, String group, int order, String doc) {
        return def.define(TIME_FIELD, Type.STRING, null, Importance.MEDIUM, doc, group, order, Width.MEDIUM,
            "Time field");
    }

    /** Defines {@link #TIME_FIELD_UNIT}: seconds (default) or milliseconds. */
    public static ConfigDef defineTimeFieldUnit(ConfigDef def, String group, int order) {
        return def.define(TIME_FIELD_UNIT, Type.STRING, "seconds", ConfigDef.ValidString.in("seconds", MILLISECONDS),
            Importance.LOW, "The unit of a numeric time field.", group, order, Width.SHORT, "Time field unit");
    }

    /** Defines {@link #DATA_FIELD}: a dotted path, empty for the whole value. */
    public static ConfigDef defineDataField(ConfigDef def, String group, int order) {
        return def.define(DATA_FIELD, Type.STRING, null, Importance.MEDIUM,
            "The value field (dotted path) that becomes the datapoint's d. Empty: the whole value.",
            group, order, Width.MEDIUM, "Data field");
    }

    /** Defines {@link #NULL_VALUES}: ignore (default) or fail. */
    public static ConfigDef defineNullValues(ConfigDef def, String group, int order, String doc) {
        return def.define(NULL_VALUES, Type.STRING, "ignore", ConfigDef.ValidString.in("ignore", FAIL),
            Importance.LOW, doc, group, order, Width.SHORT, "Null values");
    }
}
