package io.datapoint.connect.core.sink;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** A sink task context whose errant record reporter records what it is given (or none at all). */
final class FakeSinkTaskContext implements SinkTaskContext {

    /** One report. */
    record Report(SinkRecord record, Throwable error) {
    }

    final List<Report> reports = new CopyOnWriteArrayList<>();
    private final boolean withReporter;
    private volatile RuntimeException reportFailure;
    private volatile int holdUntil;
    private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();

    private FakeSinkTaskContext(boolean withReporter) {
        this.withReporter = withReporter;
    }

    static FakeSinkTaskContext withReporter() {
        return new FakeSinkTaskContext(true);
    }

    /** As when errors.tolerance is none: Connect offers no reporter. */
    static FakeSinkTaskContext withoutReporter() {
        return new FakeSinkTaskContext(false);
    }

    /** Reports complete exceptionally with this. */
    FakeSinkTaskContext failReports(RuntimeException e) {
        reportFailure = e;
        return this;
    }

    /**
     * Report futures stay incomplete until {@code n} reports were made, as a DLQ producer that batches would: a
     * reporter caller that waits for each report before sending the next never gets there.
     */
    FakeSinkTaskContext completeReportsInBatchesOf(int n) {
        holdUntil = n;
        return this;
    }

    List<Long> reportedOffsets() {
        return reports.stream().map(r -> r.record().originalKafkaOffset()).toList();
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (record, error) -> {
            reports.add(new Report(record, error));
            RuntimeException f = reportFailure;
            if (f != null) {
                return CompletableFuture.failedFuture(f);
            }
            if (holdUntil > 0) {
                CompletableFuture<Void> future = new CompletableFuture<>();
                held.add(future);
                if (held.size() % holdUntil == 0) {
                    held.forEach(h -> h.complete(null));
                }
                return future;
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
