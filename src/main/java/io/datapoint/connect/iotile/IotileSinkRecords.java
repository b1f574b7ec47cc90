package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.FieldPath;
import io.datapoint.connect.core.sink.RecordData;
import io.datapoint.connect.core.sink.RecordMapper;
import io.datapoint.connect.core.sink.RecordTime;
import io.datapoint.connect.core.sink.Tombstones;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Maps sink records to IOTile readings: the target stream from the configuration (one slug, a topic map, or a value
 * field), the time from the record timestamp or a field, the value from {@code iotile.value.field}. The target is the
 * canonical stream slug.
 */
final class IotileSinkRecords implements RecordMapper<IotileSinkPoint> {

    private final String fixedTarget;
    private final Map<String, String> topicStreams;
    private final FieldPath streamField;
    private final RecordTime time;
    private final RecordData value;
    private final String valuePath;
    private final Tombstones tombstones;

    IotileSinkRecords(IotileSinkConfig config) {
        String stream = config.getString(IotileSinkConfig.STREAM);
        this.fixedTarget = stream == null || stream.isBlank() ? null : IotileSlug.stream(stream);
        this.topicStreams = config.topicStreams();
        this.streamField = FieldPath.optional(config.getString(IotileSinkConfig.STREAM_FIELD));
        this.time = RecordTime.from(config);
        FieldPath valueField = FieldPath.optional(config.getString(IotileSinkConfig.VALUE_FIELD));
        this.value = new RecordData(valueField);
        this.valuePath = valueField == null ? "(the whole value)" : valueField.path();
        this.tombstones = Tombstones.from(config);
    }

    @Override
    public Mapped<IotileSinkPoint> map(SinkRecord record) throws BadRecordException {
        if (record.value() == null) {
            return tombstones.map();
        }
        String target = target(record);
        double seconds = time.seconds(record);
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 253_402_300_799.0) {
            throw new BadRecordException("its time " + seconds + " is not a date IOTile can store");
        }
        JsonNode v = value.json(record).json();
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new BadRecordException("its value " + valuePath + " must hold an integer for int_value but"
                + " is " + (v == null || v.isNull() ? "null" : v.getNodeType().toString().toLowerCase()));
        }
        long micros = Math.round(seconds * 1_000_000.0);
        return Mapped.of(target, new IotileSinkPoint(micros, v), 150);
    }

    private String target(SinkRecord record) throws BadRecordException {
        if (fixedTarget != null) {
            return fixedTarget;
        }
        if (streamField != null) {
            Object v = streamField.locate(record.value(), record.valueSchema()).value();
            if (!(v instanceof String s)) {
                throw new BadRecordException("stream field '" + streamField.path() + "' must hold a stream slug"
                    + " string but is " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
            try {
                return IotileSlug.stream(s);
            } catch (IllegalArgumentException e) {
                throw new BadRecordException("stream field '" + streamField.path() + "': " + e.getMessage());
            }
        }
        String slug = topicStreams.get(record.topic());
        if (slug == null) {
            throw new BadRecordException("topic '" + record.topic() + "' has no stream in "
                + IotileSinkConfig.TOPIC_STREAMS + "; add topic:stream-slug for it");
        }
        return slug;
    }
}
