package io.datapoint.connect.testkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** The task of {@link CeilingSourceConnector}: hands out its share of pre-built records, a batch per poll. */
public final class CeilingSourceTask extends SourceTask {

    private List<SourceRecord> cycle;
    private long remaining;
    private int batchSize;
    private int next;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(CeilingSourceConnector.CONFIG, props);
        String topic = config.getString(CeilingSourceConnector.TOPIC);
        remaining = config.getLong(CeilingSourceConnector.TASK_COUNT);
        batchSize = config.getInt(CeilingSourceConnector.BATCH_SIZE);
        // built once, so that poll() only hands out references, as a source with its data ready would
        cycle = RecordTemplates.get(config.getString(CeilingSourceConnector.TEMPLATES)).stream()
            .map(r -> r.newRecord(topic, null, r.keySchema(), r.key(), r.valueSchema(), r.value(), r.timestamp(),
                r.headers()))
            .toList();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (remaining <= 0) {
            Thread.sleep(100);
            return null;
        }
        int n = (int) Math.min(batchSize, remaining);
        List<SourceRecord> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(cycle.get(next));
            next = (next + 1) % cycle.size();
        }
        remaining -= n;
        return batch;
    }

    @Override
    public void stop() {
        // poll() returns within 100 ms
    }

    @Override
    public String version() {
        return "test";
    }
}
