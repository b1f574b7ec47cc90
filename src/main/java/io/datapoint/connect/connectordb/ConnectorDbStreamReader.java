package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.StreamReader;
import io.datapoint.connect.core.source.StreamUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one ConnectorDB stream (or downlink substream) by index after a {@link ConnectorDbCursor}, in pages of
 * {@code [next, next + N)}. When the cursor carries the timestamp of the datapoint before it, each page starts one
 * index earlier and checks that datapoint: a stream that is now shorter than the cursor ({@code Invalid index
 * range}), or whose datapoint at {@code next - 1} has another timestamp, was deleted and created again, so it is
 * read again from index 0, with a warning and the {@code stream-resets-total} metric.
 */
final class ConnectorDbStreamReader implements StreamReader<ConnectorDbCursor> {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDbStreamReader.class);
    static final String RESETS_METRIC = "stream-resets-total";

    /** Told when the stream turns unreadable or readable again, and when it was recreated. */
    interface Listener {
        void unavailable(String streamId);

        void available(String streamId);

        void recreated(String streamId);

        Listener NONE = new Listener() {
            @Override
            public void unavailable(String streamId) {
            }

            @Override
            public void available(String streamId) {
            }

            @Override
            public void recreated(String streamId) {
            }
        };
    }

    private final String label;
    private final ConnectorDbClient client;
    private final ConnectorDbPath path;
    private final ConnectorDbRecords records;
    private final boolean startLatest;
    private final ConnectorMetrics metrics;
    private final Listener listener;
    /** A cursor found stale while the recreated stream was still empty: it stands for the beginning. */
    private ConnectorDbCursor abandoned;

    ConnectorDbStreamReader(String label, ConnectorDbClient client, ConnectorDbPath path, ConnectorDbRecords records,
                            boolean startLatest, ConnectorMetrics metrics, Listener listener) {
        this.label = label;
        this.client = client;
        this.path = path;
        this.records = records;
        this.startLatest = startLatest;
        this.metrics = metrics;
        this.listener = listener;
    }

    @Override
    public String streamId() {
        return path.toString();
    }

    @Override
    public ConnectorDbCursor initialCursor() throws IOException {
        if (!startLatest) {
            return ConnectorDbCursor.beginning();
        }
        long length = call(() -> client.length(path));
        if (length == 0) {
            return ConnectorDbCursor.beginning();
        }
        List<ConnectorDbPoint> last = call(() -> client.read(path, length - 1, length));
        return last.isEmpty() ? new ConnectorDbCursor(length, null) : ConnectorDbCursor.after(length - 1,
            last.get(0).t());
    }

    @Override
    public ReadBatch<ConnectorDbCursor> readAfter(ConnectorDbCursor cursor, int maxRecords) throws IOException {
        ConnectorDbCursor c = cursor.equals(abandoned) ? ConnectorDbCursor.beginning() : cursor;
        // with a timestamp to check, read from the datapoint before the cursor
        long from = c.checkable() ? c.next() - 1 : c.next();
        long to = c.next() + maxRecords;
        List<ConnectorDbPoint> points;
        try {
            points = call(() -> client.read(path, from, to));
        } catch (IndexPastEnd e) {
            return restart(cursor, "it now holds fewer than " + c.next() + " datapoints", maxRecords);
        }
        int skip = 0;
        if (c.checkable()) {
            if (points.isEmpty()) {
                return restart(cursor, "it now holds fewer than " + c.next() + " datapoints", maxRecords);
            }
            double t = points.get(0).t();
            if (t != c.lastT()) {
                return restart(cursor, "its datapoint at index " + (c.next() - 1) + " now has t=" + t
                    + " instead of t=" + c.lastT(), maxRecords);
            }
            skip = 1;
        }
        return batch(points, skip, c.next(), maxRecords);
    }

    private ReadBatch<ConnectorDbCursor> batch(List<ConnectorDbPoint> points, int skip, long firstIndex,
                                               int maxRecords) {
        List<ReadItem<ConnectorDbCursor>> items = new ArrayList<>(Math.max(0, points.size() - skip));
        for (int k = skip; k < points.size(); k++) {
            long index = firstIndex + (k - skip);
            ConnectorDbPoint p = points.get(k);
            items.add(new ReadItem<>(ConnectorDbCursor.after(index, p.t()), records.content(p, index)));
        }
        return new ReadBatch<>(items, items.size() >= maxRecords);
    }

    /** The stream was deleted and created again: read it from index 0. */
    private ReadBatch<ConnectorDbCursor> restart(ConnectorDbCursor stale, String why, int maxRecords)
        throws IOException {
        log.warn("{}: ConnectorDB stream {} was deleted and created again ({}); reading it again from index 0."
            + " Any datapoints the old stream held past offset {} were not read.", label, path, why, stale);
        metrics.increment(RESETS_METRIC, "Streams found deleted and recreated, read again from index 0", "stream",
            path.toString());
        abandoned = stale;
        listener.recreated(streamId());
        List<ConnectorDbPoint> points;
        try {
            points = call(() -> client.read(path, 0, maxRecords));
        } catch (IndexPastEnd e) {
            throw new IOException("ConnectorDB refused index range [0, " + maxRecords + ") of " + path, e);
        }
        return batch(points, 0, 0, maxRecords);
    }

    /** A 403 {@code Invalid index range.}: the range starts past the stream's end. */
    private static final class IndexPastEnd extends IOException {
        private static final long serialVersionUID = 1L;

        IndexPastEnd(HttpStatusException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T call(Call<T> call) throws IOException {
        try {
            T result = call.run();
            listener.available(streamId());
            return result;
        } catch (HttpStatusException e) {
            String what = ConnectorDbClient.describe(e);
            if (e.status() == 401) {
                throw new ConnectException(label + ": ConnectorDB rejected the credential (" + what + "). Check"
                    + " connectordb.apikey, or connectordb.user and connectordb.password.", e);
            }
            if (e.status() == 403 && what.startsWith(ConnectorDbClient.INVALID_RANGE)) {
                throw new IndexPastEnd(e);
            }
            if (e.status() == 403 || e.status() == 404) {
                listener.unavailable(streamId());
                throw new StreamUnavailableException("ConnectorDB stream " + path + " cannot be read: " + what
                    + ". It may have been deleted, or the credential lost read access.", e);
            }
            if (e.status() == 400) {
                throw new ConnectException(label + ": ConnectorDB refused the read of " + path + ": " + what, e);
            }
            throw e;
        }
    }
}
