package io.datapoint.connect.heedy;

import io.datapoint.connect.core.source.SourceEngine;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads a trailing window of every object on a schedule and after each websocket reconnect, so back-fills whose
 * write events were lost (heedy does not replay events) are still delivered. The re-reads run on the engine's fetch
 * thread, in each object's turn.
 */
final class HeedyReconciler implements AutoCloseable {

    private final SourceEngine<HeedyCursor> engine;
    private final Map<String, HeedyStreamReader> readers;
    private final double windowSeconds;
    private final int pageSize;
    private final ScheduledExecutorService timer;

    /**
     * @param windowSeconds how far behind each object's cursor to look
     * @param intervalMillis how often to look
     */
    HeedyReconciler(String label, SourceEngine<HeedyCursor> engine, Map<String, HeedyStreamReader> readers,
                    double windowSeconds, long intervalMillis, int pageSize) {
        this.engine = engine;
        this.readers = readers;
        this.windowSeconds = windowSeconds;
        this.pageSize = pageSize;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "datapoint-reconcile-" + label);
            t.setDaemon(true);
            return t;
        });
        // the first pass comes soon: it learns what each window holds, which later passes compare against
        timer.scheduleWithFixedDelay(this::reconcileAll, Math.min(intervalMillis, 1_000), intervalMillis,
            TimeUnit.MILLISECONDS);
    }

    /** Queues a re-read of every object's trailing window. */
    void reconcileAll() {
        readers.forEach((id, reader) ->
            engine.reread(id, () -> reader.reconcile(engine.cursor(id), windowSeconds, pageSize)));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
