package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.schema.ConnectToJson;
import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.FieldPath;
import io.datapoint.connect.core.sink.RecordMapper;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Maps sink records to heedy datapoints: the target from the configuration, {@code t} from the record timestamp or
 * a field, {@code d} from the value or a field, {@code dt} from an optional field.
 */
final class HeedySinkRecords implements RecordMapper<HeedySinkPoint> {

    static final String OBJECT_TARGET = "object:";
    static final String KEY_TARGET = "key:";

    private final String fixedTarget;
    private final Map<String, String> topicObjects;
    private final FieldPath timeField;
    private final boolean timeInMillis;
    private final FieldPath dataField;
    private final FieldPath durationField;
    private final boolean failOnNull;

    HeedySinkRecords(HeedySinkConfig config) {
        String object = config.getString(HeedySinkConfig.OBJECT);
        String key = config.getString(HeedySinkConfig.KEY);
        this.fixedTarget = object != null && !object.isBlank() ? OBJECT_TARGET + object.trim()
            : key != null && !key.isBlank() ? KEY_TARGET + key.trim() : null;
        this.topicObjects = config.topicObjects();
        this.timeField = path(config.getString(HeedySinkConfig.TIME_FIELD));
        this.timeInMillis = "milliseconds".equals(config.getString(HeedySinkConfig.TIME_FIELD_UNIT));
        this.dataField = path(config.getString(HeedySinkConfig.DATA_FIELD));
        this.durationField = path(config.getString(HeedySinkConfig.DURATION_FIELD));
        this.failOnNull = "fail".equals(config.getString(HeedySinkConfig.NULL_VALUES));
    }

    private static FieldPath path(String s) {
        return s == null || s.isBlank() ? null : new FieldPath(s.trim());
    }

    @Override
    public Mapped<HeedySinkPoint> map(SinkRecord record) throws BadRecordException {
        if (record.value() == null) {
            if (failOnNull) {
                throw new BadRecordException("it is a tombstone (null value) and behavior.on.null.values=fail");
            }
            return Mapped.skip("tombstone (null value)");
        }
        String target = target(record);
        double t = time(record);
        FieldPath.Located data = dataField == null ? new FieldPath.Located(record.value(), record.valueSchema())
            : dataField.locate(record.value(), record.valueSchema());
        JsonNode d;
        try {
            d = ConnectToJson.convert(data.value(), data.schema());
        } catch (DataException e) {
            throw new BadRecordException("its data cannot be written as JSON: " + e.getMessage(), e);
        }
        double dt = 0;
        if (durationField != null) {
            Object v = durationField.locate(record.value(), record.valueSchema()).value();
            if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
                dt = n.doubleValue();
            } else if (v != null) {
                throw new BadRecordException("duration field '" + durationField.path() + "' must be a non-negative"
                    + " number of seconds but is " + v);
            }
        }
        HeedyPoint point = new HeedyPoint(t, dt, d);
        return Mapped.of(target, new HeedySinkPoint(point, data.schema()), d.toString().length() + 48);
    }

    private String target(SinkRecord record) throws BadRecordException {
        if (fixedTarget != null) {
            return fixedTarget;
        }
        String id = topicObjects.get(record.topic());
        if (id == null) {
            throw new BadRecordException("topic '" + record.topic() + "' has no timeseries in "
                + HeedySinkConfig.TOPIC_OBJECTS + "; add topic:objectId for it");
        }
        return OBJECT_TARGET + id;
    }

    private double time(SinkRecord record) throws BadRecordException {
        if (timeField == null) {
            if (record.timestamp() == null) {
                throw new BadRecordException("it has no timestamp; set " + HeedySinkConfig.TIME_FIELD
                    + " to take the time from a field");
            }
            return record.timestamp() / 1000.0;
        }
        Object v = timeField.locate(record.value(), record.valueSchema()).value();
        if (v instanceof Date date) {
            return date.getTime() / 1000.0;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return timeInMillis ? n.doubleValue() / 1000.0 : n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim()) / (timeInMillis ? 1000.0 : 1.0);
            } catch (NumberFormatException notNumeric) {
                try {
                    OffsetDateTime odt = OffsetDateTime.parse(s.trim());
                    return odt.toEpochSecond() + odt.getNano() / 1e9;
                } catch (DateTimeParseException e) {
                    throw new BadRecordException("time field '" + timeField.path() + "' is not a number or an"
                        + " RFC 3339 time: \"" + s + "\"");
                }
            }
        }
        throw new BadRecordException("time field '" + timeField.path() + "' must be a Timestamp, a number or an"
            + " RFC 3339 string but is " + (v == null ? "null" : v.getClass().getSimpleName()));
    }
}
