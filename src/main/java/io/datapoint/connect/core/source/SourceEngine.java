package io.datapoint.connect.core.source;

import io.datapoint.connect.core.metrics.ConnectorMetrics;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task's streams and hands their datapoints to Kafka Connect, one {@link SourceRecord} per datapoint, each
 * carrying its own offset.
 *
 * <p>One fetch thread reads whichever stream is due: a caught-up stream after the poll interval, a stream with more
 * data at once, a stream woken by a push event ({@link #wake}) at once. A stream whose reads keep finding nothing
 * backs off: each empty read doubles its wait, up to {@link SourceEngineSettings#idleMax} (or
 * {@link SourceEngineSettings#pushIdleMax} while a push channel is connected), and data or a push event for it brings
 * the wait back to the poll interval; so an idle task costs requests in proportion to its streams over that ceiling,
 * and a stream that wakes up again is read within it. Backing off only delays reads: every read still starts from
 * the stream's cursor, so nothing is skipped. Records wait in a bounded buffer until
 * {@link #poll()} takes them, so memory does not grow with the backlog. The cursor each read starts from is kept in
 * memory and advanced as records are buffered; committed offsets are only read once, at start.
 *
 * @param <C> the platform's cursor type
 */
public final class SourceEngine<C> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceEngine.class);
    /** "Not due until rescheduled": far enough ahead to never come, near enough for overflow-safe comparisons. */
    private static final long NOT_DUE = 1L << 60;

    private final String label;
    private final String platform;
    private final String server;
    private final OffsetCodec<C> codec;
    private final SourceEngineSettings settings;
    private final ConnectorMetrics metrics;
    private final BlockingQueue<Buffered> buffer;
    private final Map<String, Stream<C>> streams = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile RuntimeException failure;
    private volatile boolean running;
    private Thread fetcher;
    private int pushChannelsUp;

    /**
     * @param label    names the task in logs and errors, e.g. {@code "heedy source 'my-connector' task 0"}
     * @param platform the {@code platform} field of every source partition
     * @param server   the {@code server} field of every source partition
     */
    public SourceEngine(String label, String platform, String server, OffsetCodec<C> codec,
                        SourceEngineSettings settings, ConnectorMetrics metrics) {
        this.label = label;
        this.platform = platform;
        this.server = server;
        this.codec = codec;
        this.settings = settings;
        this.metrics = metrics;
        this.buffer = new ArrayBlockingQueue<>(settings.bufferCapacity());
    }

    /** The source partition of a stream read by this engine. */
    public Map<String, Object> partition(String streamId) {
        return SourcePartitions.of(platform, server, streamId, codec.version());
    }

    /**
     * Loads the stored offsets of the streams and starts reading them.
     *
     * @throws ConnectException when a stored offset cannot be decoded (it names the stream and the problem)
     */
    public void start(Collection<? extends StreamReader<C>> readers, OffsetStorageReader offsets) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (StreamReader<C> reader : readers) {
            partitions.add(partition(reader.streamId()));
        }
        Map<Map<String, Object>, Map<String, Object>> stored = offsets == null ? Map.of() : offsets.offsets(partitions);
        long now = System.nanoTime();
        for (StreamReader<C> reader : readers) {
            Map<String, Object> partition = partition(reader.streamId());
            Map<String, Object> offset = stored == null ? null : stored.get(partition);
            C cursor = null;
            if (offset != null) {
                try {
                    cursor = codec.decode(offset);
                } catch (IllegalArgumentException e) {
                    throw new ConnectException(label + ": the stored offset of stream '" + reader.streamId()
                        + "' is not valid (" + e.getMessage() + "). Fix or reset it with PATCH or DELETE "
                        + "/connectors/<name>/offsets.", e);
                }
                log.info("{}: stream '{}' resumes from offset {}", label, reader.streamId(), offset);
            }
            streams.put(reader.streamId(), new Stream<>(reader, partition, cursor, now,
                settings.pollInterval().toNanos(), metrics.stream(reader.streamId())));
        }
        running = true;
        fetcher = new Thread(this::fetchLoop, "datapoint-fetch-" + label);
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /**
     * Reads the stream as soon as possible (a push event said it has new data) and ends its idle backoff. Unknown ids
     * are ignored.
     */
    public void wake(String streamId) {
        lock.lock();
        try {
            Stream<C> s = streams.get(streamId);
            if (s != null) {
                s.idleWait = settings.pollInterval().toNanos();
                dueNow(s, System.nanoTime());
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private static void dueNow(Stream<?> s, long now) {
        if (now - s.nextDue < 0) {
            s.nextDue = now;
        }
    }

    /** Reads every stream as soon as possible, e.g. to catch up after a push channel reconnected. */
    public void wakeAll() {
        lock.lock();
        try {
            long now = System.nanoTime();
            streams.values().forEach(s -> dueNow(s, now));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A push channel of the task connected: idle streams may now wait up to {@link SourceEngineSettings#pushIdleMax}.
     * The channel's listener catches the streams up itself ({@link #wakeAll}); see {@link PushPacedListener}.
     */
    public void pushConnected() {
        lock.lock();
        try {
            pushChannelsUp++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A push channel of the task disconnected: when none is left, idle streams go back to waiting at most
     * {@link SourceEngineSettings#idleMax}, counted from now, so new data is found by polling until push is back.
     */
    public void pushDisconnected() {
        lock.lock();
        try {
            pushChannelsUp = Math.max(0, pushChannelsUp - 1);
            if (pushChannelsUp == 0) {
                long max = settings.idleMax().toNanos();
                long latest = System.nanoTime() + max;
                for (Stream<C> s : streams.values()) {
                    s.idleWait = Math.min(s.idleWait, max);
                    if (s.nextDue - latest > 0) {
                        s.nextDue = latest;
                    }
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a read of datapoints behind the stream's cursor (a back-fill); its records are emitted in the stream's
     * next turn with the stream's current offset.
     */
    public void reread(String streamId, WindowRead read) {
        lock.lock();
        try {
            Stream<C> s = streams.get(streamId);
            if (s != null) {
                s.windows.add(read);
                dueNow(s, System.nanoTime());
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The in-memory cursor of a stream (null before its first read), for push handlers that compare positions. */
    public C cursor(String streamId) {
        lock.lock();
        try {
            Stream<C> s = streams.get(streamId);
            return s == null ? null : s.cursor;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The records buffered since the last call, waiting up to the poll timeout for the first one.
     *
     * @return the records, or null when none arrived in time
     * @throws ConnectException when reading failed in a way the task cannot recover from
     */
    public List<SourceRecord> poll() throws InterruptedException {
        throwIfFailed();
        Buffered first = buffer.poll(settings.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            throwIfFailed();
            return null;
        }
        List<Buffered> taken = new ArrayList<>();
        taken.add(first);
        buffer.drainTo(taken, Math.max(0, settings.batchSize() - 1));
        List<SourceRecord> records = new ArrayList<>(taken.size());
        for (Buffered b : taken) {
            b.stream.metrics.recordEmitted(b.eventTime);
            records.add(b.record);
        }
        return records;
    }

    private void throwIfFailed() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private void fetchLoop() {
        while (running) {
            Stream<C> s;
            try {
                s = awaitDue();
            } catch (InterruptedException e) {
                break;
            }
            if (s == null) {
                break;
            }
            try {
                readOnce(s);
                s.failures = 0;
            } catch (InterruptedException e) {
                break;
            } catch (StreamUnavailableException e) {
                s.metrics.recordError();
                s.failures++;
                log.warn("{}: stream '{}' cannot be read now and is parked for {} ms: {}", label, s.reader.streamId(),
                    settings.errorBackoffMax().toMillis(), e.getMessage());
                schedule(s, settings.errorBackoffMax().toNanos());
            } catch (ConnectException e) {
                s.metrics.recordError();
                failure = e;
                log.error("{}: stopping: {}", label, e.getMessage());
                break;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                s.metrics.recordError();
                s.failures++;
                long backoff = backoffNanos(s.failures);
                log.warn("{}: reading stream '{}' failed (attempt {}), retrying in {} ms: {}", label,
                    s.reader.streamId(), s.failures, TimeUnit.NANOSECONDS.toMillis(backoff), e.toString());
                schedule(s, backoff);
            }
        }
    }

    private long backoffNanos(int failures) {
        long base = TimeUnit.MILLISECONDS.toNanos(500);
        long exp = base << Math.min(20, failures - 1);
        long capped = Math.min(settings.errorBackoffMax().toNanos(), exp);
        return capped / 2 + (long) (Math.random() * (capped / 2));
    }

    private Stream<C> awaitDue() throws InterruptedException {
        lock.lock();
        try {
            while (running) {
                Stream<C> next = null;
                for (Stream<C> s : streams.values()) {
                    if (next == null || s.nextDue - next.nextDue < 0) {
                        next = s;
                    }
                }
                if (next == null) {
                    changed.await();
                    continue;
                }
                long wait = next.nextDue - System.nanoTime();
                if (wait <= 0) {
                    // not due again until rescheduled, so a wake during the read is not lost but re-arms it
                    next.nextDue = System.nanoTime() + NOT_DUE;
                    return next;
                }
                changed.awaitNanos(wait);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void schedule(Stream<C> s, long delayNanos) {
        lock.lock();
        try {
            long due = System.nanoTime() + delayNanos;
            // a wake that arrived during the read already moved nextDue to "now"; keep the earlier time
            s.nextDue = s.nextDue - due < 0 ? s.nextDue : due;
        } finally {
            lock.unlock();
        }
    }

    private void readOnce(Stream<C> s) throws IOException, InterruptedException {
        if (s.cursor == null) {
            C initial = s.reader.initialCursor();
            setCursor(s, initial);
            log.info("{}: stream '{}' has no stored offset and starts at {}", label, s.reader.streamId(),
                codec.encode(initial));
        }
        WindowRead window;
        boolean found = false;
        while ((window = nextWindow(s)) != null) {
            // taken off the queue only once read, so a window whose read fails is tried again in the next turn
            List<RecordContent> contents = window.read();
            windowDone(s, window);
            for (RecordContent content : contents) {
                enqueue(s, content, s.cursor);
            }
            found |= !contents.isEmpty();
        }
        ReadBatch<C> batch = s.reader.readAfter(s.cursor, settings.batchSize());
        for (ReadItem<C> item : batch.items()) {
            enqueue(s, item.content(), item.cursor());
            setCursor(s, item.cursor());
        }
        found |= !batch.items().isEmpty();
        schedule(s, batch.more() ? 0 : nextWait(s, found));
    }

    /**
     * How long a caught-up stream waits before its next read: the poll interval after a read that found data, else
     * its idle wait, which doubles for the next time, up to the ceiling that applies now.
     */
    private long nextWait(Stream<C> s, boolean found) {
        lock.lock();
        try {
            long base = settings.pollInterval().toNanos();
            if (found) {
                s.idleWait = base;
                return base;
            }
            long ceiling = (pushChannelsUp > 0 ? settings.pushIdleMax() : settings.idleMax()).toNanos();
            long wait = Math.min(s.idleWait, ceiling);
            s.idleWait = Math.min(ceiling, wait > ceiling / 2 ? ceiling : wait * 2);
            return wait;
        } finally {
            lock.unlock();
        }
    }

    private WindowRead nextWindow(Stream<C> s) {
        lock.lock();
        try {
            return s.windows.peek();
        } finally {
            lock.unlock();
        }
    }

    private void windowDone(Stream<C> s, WindowRead window) {
        lock.lock();
        try {
            s.windows.remove(window);
        } finally {
            lock.unlock();
        }
    }

    private void setCursor(Stream<C> s, C cursor) {
        lock.lock();
        try {
            s.cursor = cursor;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Stream<C> s, RecordContent c, C cursor) throws InterruptedException {
        SourceRecord record = new SourceRecord(s.partition, codec.encode(cursor), c.topic(), null,
            c.keySchema(), c.key(), c.valueSchema(), c.value(), c.timestamp(), c.headers());
        buffer.put(new Buffered(record, s, c.eventTime()));
    }

    /** Stops the fetch thread; buffered records that were not polled are dropped (their offsets were never stored). */
    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Thread t = fetcher;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                log.warn("{}: the fetch thread did not stop within 10 s", label);
            }
        }
        buffer.clear();
    }

    private static final class Stream<C> {
        final StreamReader<C> reader;
        final Map<String, Object> partition;
        final ConnectorMetrics.StreamMetrics metrics;
        final Queue<WindowRead> windows = new ArrayDeque<>();
        C cursor;
        long nextDue;
        /** The wait after the next read that finds nothing; guarded by the engine's lock. */
        long idleWait;
        int failures;

        Stream(StreamReader<C> reader, Map<String, Object> partition, C cursor, long nextDue, long idleWait,
               ConnectorMetrics.StreamMetrics metrics) {
            this.reader = reader;
            this.partition = partition;
            this.cursor = cursor;
            this.nextDue = nextDue;
            this.idleWait = idleWait;
            this.metrics = metrics;
        }
    }

    private record Buffered(SourceRecord record, Stream<?> stream, long eventTime) {
    }
}
