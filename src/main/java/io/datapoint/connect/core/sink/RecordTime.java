package io.datapoint.connect.core.sink;

import io.datapoint.connect.core.config.SinkFormatConfig;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink record's datapoint time in seconds since the epoch, as {@link SinkFormatConfig#TIME_FIELD} and
 * {@link SinkFormatConfig#TIME_FIELD_UNIT} say: the Kafka record timestamp, or a value field holding a Connect
 * Timestamp, a number (seconds or milliseconds), a numeric string, or an RFC 3339 string.
 */
public final class RecordTime {

    private final FieldPath field;
    private final boolean millis;

    /**
     * @param field  the value field holding the time, null for the record timestamp
     * @param millis whether a numeric field counts milliseconds (else seconds)
     */
    public RecordTime(FieldPath field, boolean millis) {
        this.field = field;
        this.millis = millis;
    }

    /** From a config that defines {@code time.field} and {@code time.field.unit}. */
    public static RecordTime from(AbstractConfig config) {
        return new RecordTime(FieldPath.optional(config.getString(SinkFormatConfig.TIME_FIELD)),
            SinkFormatConfig.MILLISECONDS.equals(config.getString(SinkFormatConfig.TIME_FIELD_UNIT)));
    }

    /**
     * The record's time in seconds since the epoch, with fractions.
     *
     * @throws BadRecordException when the record has no timestamp, or the field is missing or not a time
     */
    public double seconds(SinkRecord record) throws BadRecordException {
        if (field == null) {
            if (record.timestamp() == null) {
                throw new BadRecordException("it has no timestamp; set " + SinkFormatConfig.TIME_FIELD
                    + " to take the time from a field");
            }
            return record.timestamp() / 1000.0;
        }
        Object v = field.locate(record.value(), record.valueSchema()).value();
        if (v instanceof Date date) {
            return date.getTime() / 1000.0;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return millis ? n.doubleValue() / 1000.0 : n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim()) / (millis ? 1000.0 : 1.0);
            } catch (NumberFormatException notNumeric) {
                try {
                    OffsetDateTime odt = OffsetDateTime.parse(s.trim());
                    return odt.toEpochSecond() + odt.getNano() / 1e9;
                } catch (DateTimeParseException e) {
                    throw new BadRecordException("time field '" + field.path() + "' is not a number or an"
                        + " RFC 3339 time: \"" + s + "\"");
                }
            }
        }
        throw new BadRecordException("time field '" + field.path() + "' must be a Timestamp, a number or an"
            + " RFC 3339 string but is " + (v == null ? "null" : v.getClass().getSimpleName()));
    }
}
