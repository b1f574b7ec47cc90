package io.datapoint.connect.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** The task of {@link CountingSourceConnector}: emits records {@code {"seq": n}} in batches of up to 50. */
public final class CountingSourceTask extends SourceTask {

    static final String PARTITION_KEY = "counter";
    static final String OFFSET_KEY = "seq";
    static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name("io.datapoint.connect.testkit.Count")
            .field("seq", Schema.INT64_SCHEMA).build();
    private static final int BATCH = 50;

    private String topic;
    private long count;
    private long intervalMs;
    private Map<String, String> partition;
    private long lastSeq;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(CountingSourceConnector.CONFIG, props);
        topic = config.getString(CountingSourceConnector.TOPIC);
        count = config.getLong(CountingSourceConnector.COUNT);
        intervalMs = config.getLong(CountingSourceConnector.INTERVAL_MS);
        partition = Map.of(PARTITION_KEY, topic);
        Map<String, Object> committed = context.offsetStorageReader().offset(partition);
        lastSeq = committed != null && committed.get(OFFSET_KEY) instanceof Number n ? n.longValue() : 0L;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Thread.sleep(intervalMs);
        if (lastSeq >= count) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        while (records.size() < BATCH && lastSeq < count) {
            long seq = ++lastSeq;
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("counting.topic", topic);
            headers.addLong("counting.seq", seq);
            records.add(new SourceRecord(partition, Map.of(OFFSET_KEY, seq), topic, null,
                    Schema.STRING_SCHEMA, topic, VALUE_SCHEMA, new Struct(VALUE_SCHEMA).put("seq", seq),
                    System.currentTimeMillis(), headers));
        }
        return records;
    }

    @Override
    public void stop() {
        // poll() returns within intervalMs
    }

    @Override
    public String version() {
        return "test";
    }
}
