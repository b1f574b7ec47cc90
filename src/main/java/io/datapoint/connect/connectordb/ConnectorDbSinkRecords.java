package io.datapoint.connect.connectordb;

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
 * Maps sink records to ConnectorDB datapoints: the target stream from the configuration (one path, a topic map, or
 * a value field), {@code t} from the record timestamp or a field, {@code d} from the value or a field. The target
 * is the stream path {@code user/device/stream}.
 */
final class ConnectorDbSinkRecords implements RecordMapper<ConnectorDbSinkPoint> {

    private final ConnectorDbPath fixedTarget;
    private final Map<String, ConnectorDbPath> topicStreams;
    private final FieldPath streamField;
    private final FieldPath timeField;
    private final boolean timeInMillis;
    private final FieldPath dataField;
    private final boolean failOnNull;

    ConnectorDbSinkRecords(ConnectorDbSinkConfig config) {
        String stream = config.getString(ConnectorDbSinkConfig.STREAM);
        this.fixedTarget = stream == null || stream.isBlank() ? null : ConnectorDbPath.parse(stream, false);
        this.topicStreams = config.topicStreams();
        this.streamField = path(config.getString(ConnectorDbSinkConfig.STREAM_FIELD));
        this.timeField = path(config.getString(ConnectorDbSinkConfig.TIME_FIELD));
        this.timeInMillis = "milliseconds".equals(config.getString(ConnectorDbSinkConfig.TIME_FIELD_UNIT));
        this.dataField = path(config.getString(ConnectorDbSinkConfig.DATA_FIELD));
        this.failOnNull = "fail".equals(config.getString(ConnectorDbSinkConfig.NULL_VALUES));
    }

    private static FieldPath path(String s) {
        return s == null || s.isBlank() ? null : new FieldPath(s.trim());
    }

    @Override
    public Mapped<ConnectorDbSinkPoint> map(SinkRecord record) throws BadRecordException {
        if (record.value() == null) {
            if (failOnNull) {
                throw new BadRecordException("it is a tombstone (null value) and behavior.on.null.values=fail");
            }
            return Mapped.skip("tombstone (null value)");
        }
        ConnectorDbPath target = target(record);
        double t = time(record);
        if (t <= 0) {
            // ConnectorDB replaces a zero time with its own clock and refuses negative ones
            throw new BadRecordException("its time " + t + " is not after 1970-01-01; ConnectorDB needs a positive"
                + " timestamp");
        }
        FieldPath.Located data = dataField == null ? new FieldPath.Located(record.value(), record.valueSchema())
            : dataField.locate(record.value(), record.valueSchema());
        JsonNode d;
        try {
            d = ConnectToJson.convert(data.value(), data.schema());
        } catch (DataException e) {
            throw new BadRecordException("its data cannot be written as JSON: " + e.getMessage(), e);
        }
        ConnectorDbPoint point = new ConnectorDbPoint(t, d, null);
        return Mapped.of(target.toString(), new ConnectorDbSinkPoint(point, data.schema()), d.toString().length() + 40);
    }

    private ConnectorDbPath target(SinkRecord record) throws BadRecordException {
        if (fixedTarget != null) {
            return fixedTarget;
        }
        if (streamField != null) {
            Object v = streamField.locate(record.value(), record.valueSchema()).value();
            if (!(v instanceof String s)) {
                throw new BadRecordException("stream field '" + streamField.path() + "' must hold a stream path"
                    + " string but is " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
            try {
                return ConnectorDbPath.parse(s, false);
            } catch (IllegalArgumentException e) {
                throw new BadRecordException("stream field '" + streamField.path() + "': " + e.getMessage());
            }
        }
        ConnectorDbPath p = topicStreams.get(record.topic());
        if (p == null) {
            throw new BadRecordException("topic '" + record.topic() + "' has no stream in "
                + ConnectorDbSinkConfig.TOPIC_STREAMS + "; add topic:user/device/stream for it");
        }
        return p;
    }

    private double time(SinkRecord record) throws BadRecordException {
        if (timeField == null) {
            if (record.timestamp() == null) {
                throw new BadRecordException("it has no timestamp; set " + ConnectorDbSinkConfig.TIME_FIELD
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
