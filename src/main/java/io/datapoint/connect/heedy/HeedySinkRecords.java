package io.datapoint.connect.heedy;

import io.datapoint.connect.core.schema.JsonSize;
import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.FieldPath;
import io.datapoint.connect.core.sink.RecordData;
import io.datapoint.connect.core.sink.RecordMapper;
import io.datapoint.connect.core.sink.RecordTime;
import io.datapoint.connect.core.sink.Tombstones;
import java.util.Map;
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
    private final RecordTime time;
    private final RecordData data;
    private final FieldPath durationField;
    private final Tombstones tombstones;

    HeedySinkRecords(HeedySinkConfig config) {
        String object = config.getString(HeedySinkConfig.OBJECT);
        String key = config.getString(HeedySinkConfig.KEY);
        this.fixedTarget = object != null && !object.isBlank() ? OBJECT_TARGET + object.trim()
            : key != null && !key.isBlank() ? KEY_TARGET + key.trim() : null;
        this.topicObjects = config.topicObjects();
        this.time = RecordTime.from(config);
        this.data = RecordData.from(config);
        this.durationField = FieldPath.optional(config.getString(HeedySinkConfig.DURATION_FIELD));
        this.tombstones = Tombstones.from(config);
    }

    @Override
    public Mapped<HeedySinkPoint> map(SinkRecord record) throws BadRecordException {
        if (record.value() == null) {
            return tombstones.map();
        }
        String target = target(record);
        double t = time.seconds(record);
        RecordData.Json d = data.json(record);
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
        HeedyPoint point = new HeedyPoint(t, dt, d.json());
        return Mapped.of(target, new HeedySinkPoint(point, d.schema()), JsonSize.estimate(d.json()) + 48);
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
}
