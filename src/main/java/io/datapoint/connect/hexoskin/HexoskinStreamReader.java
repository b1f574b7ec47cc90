package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.StreamReader;
import io.datapoint.connect.core.source.StreamUnavailableException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Reads one (user, datatype) stream through Hexoskin's record change feed.
 *
 * <p>Between records, the reader lists the user's records modified at or after the cursor's watermark (ordered by
 * {@code last_modified} then id, all pages) and visits them in turn (records of the watermark's own second again:
 * {@code last_modified} has whole seconds, so they may have changed since; they yield only new samples). It then reads that record's
 * samples of the datatype from the tick after the last one delivered from it, in windows small enough that the
 * server's per-datatype value cap ({@code data.max.values}) is never reached: the first window spans
 * {@code max values - 1} samples at the datatype's frequency, and a window whose answer reaches the cap (it may have
 * been subsampled) is halved and read again. Whether the server includes the ends of {@code start}/{@code end} is not
 * documented, so a window asks from the last delivered tick and drops it, and counts as read only up to its end
 * minus one tick. The cursor's tick is always the last tick delivered (never a tick merely scanned), so samples
 * that a still-syncing record receives after its last delivered one are read when the record changes again. The
 * last sample of a record carries the cursor that marks the record handled.
 *
 * <p>Stretches without samples (records lacking this datatype, empty windows) move the position without a record
 * to carry it; the reader remembers how far it got past the cursor it was last given, so it does not scan them again,
 * while the stored offset stays behind (after a restart they are scanned again and still yield nothing).
 */
final class HexoskinStreamReader implements StreamReader<HexoskinCursor> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HexoskinStreamReader.class);

    static final String SPLITS_METRIC = "window-splits-total";

    private final String label;
    private final HexoskinClient client;
    private final long user;
    private final HexoskinDatatype datatype;
    private final HexoskinRecords records;
    private final int maxValues;
    private final long ticksPerSecond;
    private final boolean startLatest;
    private final ConnectorMetrics metrics;
    private final Deque<HexoskinRecording> feed = new ArrayDeque<>();
    private long window;
    /** The cursor last handed out (or given) and the position actually reached from it. */
    private HexoskinCursor handedOut;
    private HexoskinCursor reached;

    HexoskinStreamReader(String label, HexoskinClient client, long user, HexoskinDatatype datatype,
                         HexoskinRecords records, int maxValues, long ticksPerSecond, boolean startLatest,
                         ConnectorMetrics metrics) {
        this.label = label;
        this.client = client;
        this.user = user;
        this.datatype = datatype;
        this.records = records;
        this.maxValues = maxValues;
        this.ticksPerSecond = ticksPerSecond;
        this.startLatest = startLatest;
        this.metrics = metrics;
        this.window = initialWindow();
    }

    /** Ticks spanned by {@code maxValues - 1} samples at the datatype's rate; unbounded for irregular signals. */
    private long initialWindow() {
        if (datatype.freq() == null || datatype.freq() <= 0) {
            return Long.MAX_VALUE / 4;
        }
        double step = ticksPerSecond / datatype.freq();
        return Math.max(1, (long) Math.floor((maxValues - 1) * step));
    }

    @Override
    public String streamId() {
        return HexoskinRecords.streamId(user, datatype.id());
    }

    @Override
    public HexoskinCursor initialCursor() {
        if (!startLatest) {
            return HexoskinCursor.beginning();
        }
        // records modified from now on; Hexoskin's times are second-precision UTC
        return HexoskinCursor.from(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
            .withNano(0).toString());
    }

    @Override
    public ReadBatch<HexoskinCursor> readAfter(HexoskinCursor cursor, int maxRecords)
        throws IOException, InterruptedException {
        boolean resumed = cursor.equals(handedOut) && reached != null;
        if (!resumed) {
            // the listed feed was consumed up to the position reached, not necessarily up to this cursor
            feed.clear();
        }
        HexoskinCursor c = resumed ? reached : cursor;
        List<ReadItem<HexoskinCursor>> items = new ArrayList<>();
        boolean more = false;
        // the feed is listed at most once per read, so records of the watermark's second are visited once per read
        boolean listed = false;
        try {
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (items.size() >= maxRecords) {
                    more = true;
                    break;
                }
                if (!c.inRecord()) {
                    if (feed.isEmpty() && !listed) {
                        listFeed(c);
                        listed = true;
                    }
                    HexoskinRecording next = nextRecord(c);
                    if (next == null) {
                        break;
                    }
                    c = c.begin(next);
                    if (c.t() >= c.rend()) {
                        c = c.finish();
                        continue;
                    }
                }
                c = readRecord(c, items, maxRecords);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // the items gathered are dropped, so records taken off the listed feed must be listed again
            feed.clear();
            handedOut = null;
            reached = null;
            throw e;
        }
        handedOut = items.isEmpty() ? cursor : items.get(items.size() - 1).cursor();
        reached = c;
        return new ReadBatch<>(items, more);
    }

    /** Lists the user's records modified at or after the cursor's watermark, in (last_modified, id) order. */
    private void listFeed(HexoskinCursor c) throws IOException {
        List<HexoskinRecording> listed = call(() -> client.changedRecords(user, c.wm()));
        listed.sort(java.util.Comparator.comparing(HexoskinRecording::modified)
            .thenComparingLong(HexoskinRecording::id));
        feed.clear();
        feed.addAll(listed);
    }

    /** The next listed record the cursor has not handled, or null. */
    private HexoskinRecording nextRecord(HexoskinCursor c) {
        while (!feed.isEmpty()) {
            HexoskinRecording r = feed.removeFirst();
            if (!c.handled(r)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Reads the current record window by window from the tick after its last delivered one, appending its new
     * samples, until the record is read to its end (the returned cursor marks it handled) or {@code maxRecords}
     * items are gathered (the returned cursor is the last item's).
     */
    private HexoskinCursor readRecord(HexoskinCursor c, List<ReadItem<HexoskinCursor>> items, int maxRecords)
        throws IOException {
        long rec = c.rec();
        long from = c.t();
        HexoskinCursor pos = c;
        while (true) {
            // the last window reaches one tick past the record's end, so a sample at the end is read either way
            long end = Math.min(c.rend() + 1, from + Math.max(1, window));
            long start = from;
            List<double[]> points;
            try {
                points = call(() -> {
                    try {
                        return client.data(user, datatype.id(), rec, start, end);
                    } catch (HttpStatusException e) {
                        if (e.status() == 404) {
                            throw new RecordGone(HexoskinClient.describe(e), e);
                        }
                        throw e;
                    }
                });
            } catch (RecordGone e) {
                log.warn("{}: Hexoskin record {} of user {} is gone ({}); it is skipped", label, rec, user,
                    e.getMessage());
                return pos.finish();
            }
            if (points.size() >= maxValues) {
                if (end - from <= 1) {
                    throw new ConnectException(label + ": Hexoskin returned " + points.size() + " values of datatype "
                        + datatype.id() + " for user " + user + " at one tick; data.max.values is above the"
                        + " server's cap, lower it");
                }
                // the answer may be subsampled: halve the window and ask again
                window = Math.max(1, (end - from) / 2);
                metrics.increment(SPLITS_METRIC, "Data windows split because the answer reached the value cap",
                    "stream", streamId());
                continue;
            }
            if (points.size() < maxValues / 4 && window < initialWindow()) {
                window = Math.min(initialWindow(), window * 2);
            }
            long upTo = Math.min(end, c.rend());
            for (double[] p : points) {
                long tick = (long) p[0];
                if (tick <= pos.t() || tick > upTo) {
                    continue;
                }
                pos = pos.at(tick);
                items.add(new ReadItem<>(pos, records.content(rec, tick, p[1])));
            }
            // everything up to end - 1 is read whether or not the server includes end
            from = Math.max(pos.t(), end - 1);
            if (from >= c.rend()) {
                HexoskinCursor finished = pos.finish();
                if (pos != c) {
                    // the record's last sample carries the cursor that marks the record handled
                    ReadItem<HexoskinCursor> tail = items.remove(items.size() - 1);
                    items.add(new ReadItem<>(finished, tail.content()));
                }
                return finished;
            }
            if (items.size() >= maxRecords) {
                return pos;
            }
        }
    }

    /** The record being read was deleted (its data answers 404). */
    private static final class RecordGone extends IOException {
        private static final long serialVersionUID = 1L;

        RecordGone(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T call(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (HttpStatusException e) {
            String what = HexoskinClient.describe(e);
            String credentials = HexoskinClient.credentialProblem(e);
            if (credentials != null) {
                throw new ConnectException(label + ": " + credentials, e);
            }
            if (e.status() == 403 || e.status() == 404) {
                throw new StreamUnavailableException("Hexoskin user " + user + " cannot be read: " + what
                    + ". The credential may have lost access to this user.", e);
            }
            if (e.status() == 400) {
                throw new ConnectException(label + ": Hexoskin refused a read of user " + user + ", datatype "
                    + datatype.id() + ": " + what, e);
            }
            throw e;
        }
    }
}
