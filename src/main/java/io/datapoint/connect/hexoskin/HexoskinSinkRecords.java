package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.config.SinkFormatConfig;
import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.FieldPath;
import io.datapoint.connect.core.sink.RecordData;
import io.datapoint.connect.core.sink.RecordMapper;
import io.datapoint.connect.core.sink.RecordTime;
import io.datapoint.connect.core.sink.Tombstones;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Maps sink records to Hexoskin annotations or ranges: the user from the configuration or a value field, the start
 * from the record timestamp or a field (converted to ticks), the text or name from a field or the whole value, a
 * range's end from a field or a fixed duration. The target is the user id.
 */
final class HexoskinSinkRecords implements RecordMapper<HexoskinSinkPoint> {

    static final int MAX_TEXT = 1024;

    private final String fixedUser;
    private final FieldPath userField;
    private final RecordTime start;
    private final RecordTime end;
    private final RecordData text;
    private final Tombstones tombstones;
    private final boolean ranges;
    private final long durationMs;
    private final Integer datatype;
    private final long ticksPerSecond;

    HexoskinSinkRecords(HexoskinSinkConfig config, Integer datatype) {
        String u = config.getString(HexoskinSinkConfig.USER);
        this.fixedUser = u == null || u.isBlank() ? null : u.trim();
        this.userField = FieldPath.optional(config.getString(HexoskinSinkConfig.USER_FIELD));
        this.start = RecordTime.from(config);
        boolean millis = SinkFormatConfig.MILLISECONDS.equals(config.getString(SinkFormatConfig.TIME_FIELD_UNIT));
        FieldPath endField = FieldPath.optional(config.getString(HexoskinSinkConfig.END_FIELD));
        this.end = endField == null ? null : new RecordTime(endField, millis);
        this.text = RecordData.from(config);
        this.tombstones = Tombstones.from(config);
        this.ranges = config.ranges();
        this.durationMs = config.getLong(HexoskinSinkConfig.DURATION_MS);
        this.datatype = datatype;
        this.ticksPerSecond = config.getInt(HexoskinConnection.TICKS_PER_SECOND);
    }

    @Override
    public Mapped<HexoskinSinkPoint> map(SinkRecord record) throws BadRecordException {
        if (record.value() == null) {
            return tombstones.map();
        }
        String user = user(record);
        long startTick = ticks(start.seconds(record));
        if (startTick <= 0) {
            throw new BadRecordException("its time is not after 1970-01-01; Hexoskin needs a positive start");
        }
        JsonNode t = text.json(record).json();
        String s = t == null || t.isNull() ? "" : t.isTextual() ? t.asText() : t.toString();
        if (s.length() > MAX_TEXT) {
            throw new BadRecordException("its text has " + s.length() + " characters; Hexoskin takes at most "
                + MAX_TEXT);
        }
        Long endTick = null;
        if (ranges) {
            endTick = end != null ? ticks(end.seconds(record)) : startTick + durationMs * ticksPerSecond / 1000;
            if (endTick < startTick) {
                throw new BadRecordException("its range ends (tick " + endTick + ") before it starts (tick "
                    + startTick + ")");
            }
        }
        return Mapped.of(user, new HexoskinSinkPoint(startTick, endTick, ranges ? null : datatype, s),
            s.length() + 80);
    }

    private long ticks(double seconds) {
        return Math.round(seconds * ticksPerSecond);
    }

    private String user(SinkRecord record) throws BadRecordException {
        if (fixedUser != null) {
            return fixedUser;
        }
        Object v = userField.locate(record.value(), record.valueSchema()).value();
        String s = v == null ? "" : v.toString().trim();
        if (!s.matches("[0-9]+")) {
            throw new BadRecordException("user field '" + userField.path() + "' must hold a user id but is "
                + (v == null ? "null" : "'" + s + "'"));
        }
        return s;
    }
}
