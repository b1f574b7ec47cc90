package io.datapoint.connect.testkit.bench;

import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.RecordMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Sink records as a sink task receives them from a topic written by a source: each value through the
 * {@link JsonConverter} (with schemas) and back, as a worker configured with it would hand them over.
 */
public final class SinkRecordsOf {

    private SinkRecordsOf() {
    }

    /** The source records as read back from {@code topic}, offsets counting from 0. */
    public static List<SinkRecord> fromTopic(String topic, List<SourceRecord> written) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        List<SinkRecord> out = new ArrayList<>(written.size());
        long offset = 0;
        for (SourceRecord r : written) {
            byte[] bytes = converter.fromConnectData(topic, r.valueSchema(), r.value());
            SchemaAndValue value = converter.toConnectData(topic, bytes);
            out.add(new SinkRecord(topic, 0, r.keySchema(), r.key(), value.schema(), value.value(), offset++,
                r.timestamp(), TimestampType.CREATE_TIME));
        }
        return out;
    }

    /** One write's worth of mapped records: the target the last one maps to, and every point in order. */
    public record Write<P>(String target, List<P> points) {
    }

    /** Maps every record as the sink engine does before it hands a batch to the platform's writer. */
    public static <P> Write<P> map(RecordMapper<P> mapper, List<SinkRecord> records) throws BadRecordException {
        List<P> points = new ArrayList<>(records.size());
        String target = null;
        for (SinkRecord r : records) {
            RecordMapper.Mapped<P> mapped = mapper.map(r);
            target = mapped.target();
            points.add(mapped.point());
        }
        return new Write<>(target, points);
    }
}
