package io.datapoint.connect.connectordb;

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
 * Maps sink records to ConnectorDB datapoints: the target stream from the configuration (one path, a topic map, or
 * a value field), {@code t} from the record timestamp or a field, {@code d} from the value or a field. The target
 * is the stream path {@code user/device/stream}.
 */
final class ConnectorDbSinkRecords implements RecordMapper<ConnectorDbSinkPoint> {

    private final ConnectorDbPath fixedTarget;
    private final Map<String, ConnectorDbPath> topicStreams;
    private final FieldPath streamField;
    private final RecordTime time;
    private final RecordData data;
    private final Tombstones tombstones;

    ConnectorDbSinkRecords(ConnectorDbSinkConfig config) {
        String stream = config.getString(ConnectorDbSinkConfig.STREAM);
        this.fixedTarget = stream == null || stream.isBlank() ? null : ConnectorDbPath.parse(stream, false);
        this.topicStreams = config.topicStreams();
        this.streamField = FieldPath.optional(config.getString(ConnectorDbSinkConfig.STREAM_FIELD));
        this.time = RecordTime.from(config);
        this.data = RecordData.from(config);
        this.tombstones = Tombstones.from(config);
    }

    @Override
    public Mapped<ConnectorDbSinkPoint> map(SinkRecord record) throws BadRecordException {
        if (record.value() == null) {
            return tombstones.map();
        }
        ConnectorDbPath target = target(record);
        double t = time.seconds(record);
        if (t <= 0) {
            // ConnectorDB replaces a zero time with its own clock and refuses negative ones
            throw new BadRecordException("its time " + t + " is not after 1970-01-01; ConnectorDB needs a positive"
                + " timestamp");
        }
        RecordData.Json d = data.json(record);
        ConnectorDbPoint point = new ConnectorDbPoint(t, d.json(), null);
        return Mapped.of(target.toString(), new ConnectorDbSinkPoint(point, d.schema()),
            JsonSize.estimate(d.json()) + 40);
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
}
