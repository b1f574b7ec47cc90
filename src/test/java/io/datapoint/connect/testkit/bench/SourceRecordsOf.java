package io.datapoint.connect.testkit.bench;

import io.datapoint.connect.core.source.OffsetCodec;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.RecordContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a page read by a platform's stream reader into SourceRecords the way the source engine hands them to
 * Connect (the engine's enqueue step: offset encoded per datapoint, content copied into a SourceRecord), so a micro
 * benchmark ends where the task's work ends.
 */
public final class SourceRecordsOf {

    private SourceRecordsOf() {
    }

    /** One SourceRecord per item of the page, in order. */
    public static <C> List<SourceRecord> page(ReadBatch<C> batch, Map<String, Object> partition,
                                              OffsetCodec<C> codec) {
        List<SourceRecord> out = new ArrayList<>(batch.items().size());
        for (ReadItem<C> item : batch.items()) {
            RecordContent c = item.content();
            out.add(new SourceRecord(partition, codec.encode(item.cursor()), c.topic(), null, c.keySchema(), c.key(),
                c.valueSchema(), c.value(), c.timestamp(), c.headers()));
        }
        return out;
    }
}
