package io.datapoint.connect.testkit.bench;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** The task of {@link NoOpSinkConnector}: counts what it is given. */
public final class NoOpSinkTask extends SinkTask {

    private AtomicLong count;

    @Override
    public void start(Map<String, String> props) {
        count = NoOpSinkConnector.counter(props.get("name"));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        count.addAndGet(records.size());
    }

    @Override
    public void stop() {
        // nothing to release
    }

    @Override
    public String version() {
        return "test";
    }
}
