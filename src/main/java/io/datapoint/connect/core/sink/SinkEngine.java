package io.datapoint.connect.core.sink;

import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes sink records to a platform: groups them per target stream, batches them by count, bytes and linger, writes
 * the batches asynchronously (one writer at a time per target, so a target sees its batches in Kafka order), and
 * reports to Kafka Connect, in {@link #preCommit}, only offsets whose records are durable: written, reported to the
 * errant record reporter, or deliberately skipped.
 *
 * <p>A batch the platform refuses because of its content is bisected until the refused records are found; those go
 * to the errant record reporter (the dead-letter queue) with the platform's error, and the rest are written. Any
 * other failure fails the task; as offsets past the failure were never committed, the records are delivered again
 * after a restart, and the platform writers are idempotent.
 *
 * @param <P> the platform's datapoint type
 */
public final class SinkEngine<P> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkEngine.class);

    private final String label;
    private final RecordMapper<P> mapper;
    private final StreamWriter<P> writer;
    private final SinkEngineSettings settings;
    private final SinkTaskContext context;
    private final ConnectorMetrics metrics;
    private final Map<TopicPartition, Progress> progress = new ConcurrentHashMap<>();
    private final Map<String, Target<P>> targets = new HashMap<>();
    private final ExecutorService writers;
    private final ScheduledExecutorService lingerTimer;
    private final Semaphore pendingPermits;
    private volatile ConnectException failure;

    /** @param label names the task in logs and errors, e.g. {@code "heedy sink 'my-connector' task 0"} */
    public SinkEngine(String label, RecordMapper<P> mapper, StreamWriter<P> writer, SinkEngineSettings settings,
                      SinkTaskContext context, ConnectorMetrics metrics) {
        this.label = label;
        this.mapper = mapper;
        this.writer = writer;
        this.settings = settings;
        this.context = context;
        this.metrics = metrics;
        this.pendingPermits = new Semaphore(settings.maxPending());
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(settings.writeThreads(), r -> {
            Thread t = new Thread(r, "datapoint-write-" + label + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.lingerTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "datapoint-linger-" + label);
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(10, settings.linger().toMillis() / 2);
        lingerTimer.scheduleWithFixedDelay(this::dispatchLingering, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Accepts records for writing. Waits while too many records are not yet durable.
     *
     * @throws ConnectException when an earlier write failed for good
     */
    public void put(Collection<SinkRecord> records) throws InterruptedException {
        throwIfFailed();
        Reports reports = new Reports();
        try {
            accept(records, reports);
        } finally {
            reports.await();
        }
    }

    private void accept(Collection<SinkRecord> records, Reports reports) throws InterruptedException {
        int permitted = 0;
        int left = records.size();
        for (SinkRecord record : records) {
            if (permitted == 0) {
                // permits for a whole run of records at once: taken one by one, each would be granted as a single
                // write finished and cut the next batch short, until a slow platform got one record per write
                permitted = Math.min(left, settings.maxPending());
                acquire(permitted, reports);
            }
            permitted--;
            left--;
            TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            long offset = record.originalKafkaOffset();
            progress.computeIfAbsent(tp, k -> new Progress()).track(offset);
            Entry<P> entry;
            RecordMapper.Mapped<P> mapped;
            try {
                mapped = mapper.map(record);
            } catch (BadRecordException e) {
                reports.report(new Entry<>(record, tp, offset, null), e);
                continue;
            } catch (RuntimeException e) {
                reports.report(new Entry<>(record, tp, offset, null), new BadRecordException(e.toString(), e));
                continue;
            }
            if (mapped.skipped()) {
                metrics.increment("sink-records-total", "Sink records by outcome", "outcome", "skipped");
                log.debug("{}: skipping record {}: {}", label, coordinates(record), mapped.skipReason());
                done(tp, offset);
                continue;
            }
            entry = new Entry<>(record, tp, offset, mapped.point());
            synchronized (targets) {
                Target<P> target = targets.computeIfAbsent(mapped.target(), Target::new);
                if (target.buffer.isEmpty()) {
                    target.firstAt = System.nanoTime();
                }
                target.buffer.add(entry);
                target.bytes += mapped.bytes();
                if (target.buffer.size() >= settings.batchMaxRecords() || target.bytes >= settings.batchMaxBytes()) {
                    dispatch(target);
                }
            }
        }
    }

    private void acquire(int permits, Reports reports) throws InterruptedException {
        if (pendingPermits.tryAcquire(permits)) {
            return;
        }
        // this call's own reports in flight hold permits; writes in flight give theirs back a batch at a time
        reports.await();
        if (pendingPermits.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
            return;
        }
        // the rest sit in partly filled batches: write them now rather than wait for the linger, which could be long
        dispatchAll();
        while (!pendingPermits.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
            throwIfFailed();
        }
    }

    /**
     * Starts writing everything buffered and returns the offsets that are durable, for the partitions Kafka Connect
     * asks about.
     */
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        dispatchAll();
        throwIfFailed();
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (TopicPartition tp : current.keySet()) {
            Progress p = progress.get(tp);
            if (p != null && p.committable() >= 0) {
                committable.put(tp, new OffsetAndMetadata(p.committable()));
            }
        }
        return committable;
    }

    /** Writes everything buffered and waits up to {@code timeout} for all writes to finish. */
    public boolean drain(java.time.Duration timeout) {
        List<CompletableFuture<Void>> tails = new ArrayList<>();
        synchronized (targets) {
            for (Target<P> t : targets.values()) {
                dispatch(t);
                tails.add(t.tail);
            }
        }
        try {
            CompletableFuture.allOf(tails.toArray(new CompletableFuture[0]))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Forgets partitions that were revoked, after writing what was buffered for them. */
    public void close(Collection<TopicPartition> partitions) {
        drain(java.time.Duration.ofSeconds(30));
        partitions.forEach(progress::remove);
    }

    private void dispatchLingering() {
        long now = System.nanoTime();
        synchronized (targets) {
            for (Target<P> t : targets.values()) {
                if (!t.buffer.isEmpty() && now - t.firstAt >= settings.linger().toNanos()) {
                    dispatch(t);
                }
            }
        }
    }

    private void dispatchAll() {
        synchronized (targets) {
            targets.values().forEach(this::dispatch);
        }
    }

    // called with the targets lock held
    private void dispatch(Target<P> target) {
        if (target.buffer.isEmpty()) {
            return;
        }
        List<Entry<P>> batch = target.buffer;
        target.buffer = new ArrayList<>();
        target.bytes = 0;
        target.tail = target.tail.thenRunAsync(() -> writeBatch(target.name, batch), writers);
    }

    private void writeBatch(String target, List<Entry<P>> batch) {
        if (failure != null) {
            return; // the task is failing; these records are delivered again after the restart
        }
        Reports reports = new Reports();
        try {
            writeBisecting(target, batch, reports);
        } catch (ConnectException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            fail(new ConnectException(label + ": writing " + batch.size() + " records to '" + target
                + "' failed after retries: " + e.getMessage() + ". Records not yet written are delivered again"
                + " when the task restarts.", e));
        } finally {
            reports.await();
        }
    }

    private void writeBisecting(String target, List<Entry<P>> batch, Reports reports) throws IOException {
        List<P> points = new ArrayList<>(batch.size());
        batch.forEach(e -> points.add(e.point));
        try {
            writer.write(target, points);
            metrics.add("sink-records-total", "Sink records by outcome", "outcome", "written", batch.size());
            for (Entry<P> e : batch) {
                done(e.tp, e.offset);
            }
        } catch (RejectedBatchException e) {
            if (batch.size() == 1) {
                reports.report(batch.get(0), new BadRecordException("'" + target + "' refused the record: "
                    + e.getMessage(), e));
                return;
            }
            int half = batch.size() / 2;
            log.debug("{}: '{}' refused a batch of {}; bisecting", label, target, batch.size());
            writeBisecting(target, batch.subList(0, half), reports);
            writeBisecting(target, batch.subList(half, batch.size()), reports);
        }
    }

    /**
     * Reports sent to the errant record reporter in one go and awaited together, so a batch with many bad records
     * does not wait for each report in turn; their offsets count as durable once the reporter confirmed them.
     */
    private final class Reports {
        private final List<Sent<P>> sent = new ArrayList<>();

        void report(Entry<P> entry, BadRecordException cause) {
            ErrantRecordReporter reporter = context == null ? null : context.errantRecordReporter();
            String message = label + ": record " + coordinates(entry.record) + " was not written: "
                + cause.getMessage();
            if (reporter == null) {
                fail(new ConnectException(message + ". To send such records to a dead-letter queue instead of"
                    + " failing, set errors.tolerance=all and errors.deadletterqueue.topic.name.", cause));
                return;
            }
            log.warn("{}; sending it to the errant record reporter", message);
            try {
                sent.add(new Sent<>(entry, message, reporter.report(entry.record, new ConnectException(message,
                    cause))));
            } catch (RuntimeException e) {
                failReporting(message, e);
            }
        }

        void await() {
            for (Sent<P> s : sent) {
                try {
                    s.future.get();
                    metrics.increment("sink-records-total", "Sink records by outcome", "outcome", "rejected");
                    done(s.entry.tp, s.entry.offset);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(new ConnectException(s.message + " (interrupted while reporting it)", e));
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    failReporting(s.message, e);
                }
            }
            sent.clear();
        }
    }

    private record Sent<P>(Entry<P> entry, String message, java.util.concurrent.Future<Void> future) {
    }

    private void failReporting(String message, Exception e) {
        fail(new ConnectException(message + ", and reporting it failed: " + e.getMessage()
            + ". Check the errors.* settings of the connector.", e));
    }

    private void done(TopicPartition tp, long offset) {
        Progress p = progress.get(tp);
        if (p != null) {
            p.done(offset);
        }
        pendingPermits.release();
    }

    private void fail(ConnectException e) {
        if (failure == null) {
            failure = e;
            log.error(e.getMessage(), e.getCause());
        }
    }

    private void throwIfFailed() {
        ConnectException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private static String coordinates(SinkRecord r) {
        return r.originalTopic() + "-" + r.originalKafkaPartition() + "@" + r.originalKafkaOffset();
    }

    /** Stops the writer threads after waiting briefly for writes in flight. */
    @Override
    public void close() {
        lingerTimer.shutdownNow();
        drain(java.time.Duration.ofSeconds(10));
        writers.shutdownNow();
    }

    private static final class Target<P> {
        final String name;
        List<Entry<P>> buffer = new ArrayList<>();
        long bytes;
        long firstAt;
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Target(String name) {
            this.name = name;
        }
    }

    private record Entry<P>(SinkRecord record, TopicPartition tp, long offset, P point) {
    }

    /** Offsets of one partition: those accepted but not yet durable, and the highest seen. */
    private static final class Progress {
        private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
        private volatile long highest = -1;

        synchronized void track(long offset) {
            pending.add(offset);
            highest = Math.max(highest, offset);
        }

        void done(long offset) {
            pending.remove(offset);
        }

        /** The offset to commit: the earliest not durable, or one past the highest seen; -1 before any record. */
        synchronized long committable() {
            Long first = pending.ceiling(Long.MIN_VALUE);
            return first != null ? first : highest < 0 ? -1 : highest + 1;
        }
    }
}
