package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.schema.ConnectToJsonSchema;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.core.sink.StreamWriter;
import io.datapoint.connect.core.sink.UnknownOutcomeRetries;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to ConnectorDB streams, so that a batch written again (after a failed write, or redelivered after a
 * task restart) neither duplicates nor loses a datapoint.
 *
 * <p>An insert is all or nothing but not idempotent, so it is sent once ({@code NO_RETRY}). The writer knows each
 * stream's length and last timestamp (read once, then kept up to date by its own writes). A batch is sorted by
 * {@code t}; if it does not start after the stream's last timestamp, the stored datapoints in its time window are
 * read, and a datapoint with an equal {@code t} and {@code d} there counts as already written (each stored one
 * matches once). When a write fails without an answer (timeout, cut connection, 5xx), the stream's length tells
 * whether it landed: unchanged means send again; grown by the chunk, with the same data at those indices, means it
 * landed; anything else (another writer) means the remaining datapoints are planned again against a fresh tail.
 *
 * <p>In append mode (POST) datapoints older than the stream's last timestamp that were not written before are
 * refused with ConnectorDB's own message: the newer ones are written first, then the batch is reported as a
 * {@link RejectedBatchException}, which the engine bisects down to the refused records (the written ones are
 * recognised as written on the way). Schema rejections take the same path.
 *
 * <p>With {@code connectordb.downlink} the writer is not the streams' owner: inserts land in the downlink
 * substreams, so those are what it reads.
 */
final class ConnectorDbWriter implements StreamWriter<ConnectorDbSinkPoint> {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDbWriter.class);
    static final int MAX_POINTS_PER_REQUEST = 5_000;
    /** How often a batch is planned again after another writer changed the stream under it. */
    private static final int MAX_REPLANS = 5;
    /** Most stored datapoints read to recognise a batch's already written points. */
    static final int MAX_WINDOW = 50_000;

    /** What this writer knows of a stream: its length and the timestamp of its last datapoint. */
    record Tail(long length, double lastT) {
        static final Tail EMPTY = new Tail(0, Double.NEGATIVE_INFINITY);
    }

    /** A batch split by what the stream already holds. */
    record Plan(List<ConnectorDbPoint> toSend, int alreadyWritten, List<ConnectorDbPoint> older) {
    }

    private final String label;
    private final ConnectorDbClient client;
    private final boolean restamp;
    private final boolean downlink;
    private final boolean createMissing;
    private final UnknownOutcomeRetries retries;
    private final Map<String, Tail> tails = new ConcurrentHashMap<>();

    ConnectorDbWriter(String label, ConnectorDbClient client, boolean restamp, boolean downlink,
                      boolean createMissing, int maxRetries, Duration backoff, Duration backoffMax) {
        this.label = label;
        this.client = client;
        this.restamp = restamp;
        this.downlink = downlink;
        this.createMissing = createMissing;
        this.retries = new UnknownOutcomeRetries(maxRetries, backoff, backoffMax);
    }

    /** The tail this writer believes a target has, or null when it has not read it yet. */
    Tail knownTail(String target) {
        return tails.get(target);
    }

    @Override
    public void write(String target, List<ConnectorDbSinkPoint> batch) throws IOException, RejectedBatchException {
        ConnectorDbPath stream = ConnectorDbPath.parse(target, false);
        ConnectorDbPath stored = downlink ? stream.toDownlink() : stream;
        List<ConnectorDbPoint> points = sorted(batch);
        for (int round = 0; ; round++) {
            Tail tail = tails.get(target);
            if (tail == null) {
                tail = readTail(stream, stored, batch.get(0));
                tails.put(target, tail);
            }
            Plan plan = plan(stored, points, tail);
            try {
                send(target, stream, stored, plan.toSend());
            } catch (StaleTail e) {
                tails.remove(target);
                if (round >= MAX_REPLANS) {
                    throw new IOException("ConnectorDB stream " + stored + " kept changing under the writer ("
                        + e.getMessage() + "); is another writer appending to it?");
                }
                log.info("{}: {} changed under the writer ({}); planning the batch again", label, stored,
                    e.getMessage());
                continue;
            }
            if (!plan.older().isEmpty()) {
                throw new RejectedBatchException("Greater timestamp already exists for the stream. Insert Failed."
                    + " (" + plan.older().size() + " datapoint(s) not after the last datapoint of " + stored
                    + ", t=" + ConnectorDbClient.seconds(tail.lastT()) + ", and not stored there already;"
                    + " insert.mode=restamp would move them up)", null);
            }
            return;
        }
    }

    /** Sorted by t; equal timestamps stay in Kafka order (the sort is stable). */
    static List<ConnectorDbPoint> sorted(List<ConnectorDbSinkPoint> batch) {
        List<ConnectorDbPoint> out = new ArrayList<>(batch.size());
        batch.forEach(p -> out.add(p.point()));
        out.sort(Comparator.comparingDouble(ConnectorDbPoint::t));
        return out;
    }

    /**
     * Splits sorted points into those to send, those already stored, and (append mode) those older than the
     * stream's end that are not stored.
     */
    Plan plan(ConnectorDbPath stored, List<ConnectorDbPoint> points, Tail tail) throws IOException {
        if (points.isEmpty() || points.get(0).t() > tail.lastT()) {
            return new Plan(points, 0, List.of());
        }
        double from = points.get(0).t();
        double to = Math.min(points.get(points.size() - 1).t(), tail.lastT());
        // bounded: a batch reaching far back into a dense stream must not read the whole stream
        int limit = Math.min(MAX_WINDOW, Math.max(1_000, 4 * points.size()));
        List<ConnectorDbPoint> existing = client.readTimes(stored, Math.nextDown(from), to, limit);
        double horizon = existing.size() < limit ? to
            : Math.nextDown(existing.get(existing.size() - 1).t());
        return plan(points, existing, horizon, tail, restamp);
    }

    /**
     * The pure part of {@link #plan(ConnectorDbPath, List, Tail)}, given the stored points of the batch's window,
     * complete up to {@code horizon}. A point not after the tail that matches no stored point is sent in restamp
     * mode; in append mode it is refused when it is older than the tail, or when it lies past the horizon, where
     * whether it was written cannot be told (refusing is the side that never duplicates).
     */
    static Plan plan(List<ConnectorDbPoint> points, List<ConnectorDbPoint> existing, double horizon, Tail tail,
                     boolean restamp) {
        // stored points by timestamp, so matching a batch against a large window stays linear
        Map<Double, List<ConnectorDbPoint>> unmatched = new HashMap<>();
        for (ConnectorDbPoint e : existing) {
            unmatched.computeIfAbsent(e.t(), k -> new ArrayList<>(1)).add(e);
        }
        List<ConnectorDbPoint> toSend = new ArrayList<>();
        List<ConnectorDbPoint> older = new ArrayList<>();
        int already = 0;
        for (ConnectorDbPoint p : points) {
            if (p.t() > tail.lastT()) {
                toSend.add(p);
            } else if (p.t() <= horizon && removeMatch(unmatched, p)) {
                already++;
            } else if (!restamp && (p.t() < tail.lastT() || p.t() > horizon)) {
                older.add(p);
            } else {
                toSend.add(p);
            }
        }
        return new Plan(toSend, already, older);
    }

    private static boolean removeMatch(Map<Double, List<ConnectorDbPoint>> stored, ConnectorDbPoint p) {
        List<ConnectorDbPoint> candidates = stored.getOrDefault(p.t(), List.of());
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).sameAs(p)) {
                candidates.remove(i);
                return true;
            }
        }
        return false;
    }

    private void send(String target, ConnectorDbPath stream, ConnectorDbPath stored, List<ConnectorDbPoint> points)
        throws IOException, RejectedBatchException, StaleTail {
        for (int from = 0; from < points.size(); from += MAX_POINTS_PER_REQUEST) {
            List<ConnectorDbPoint> chunk = points.subList(from, Math.min(points.size(), from + MAX_POINTS_PER_REQUEST));
            sendChunk(target, stream, stored, chunk);
        }
    }

    private void sendChunk(String target, ConnectorDbPath stream, ConnectorDbPath stored,
                           List<ConnectorDbPoint> chunk) throws IOException, RejectedBatchException, StaleTail {
        Tail before = tails.get(target);
        for (int attempt = 1; ; attempt++) {
            IOException failure;
            try {
                client.insert(stream, chunk, restamp);
                double last = chunk.get(chunk.size() - 1).t();
                tails.put(target, new Tail(before.length() + chunk.size(), Math.max(last, before.lastT())));
                return;
            } catch (HttpStatusException e) {
                if (!e.retriable()) {
                    refused(target, stored, e);
                }
                failure = e;
            } catch (IOException e) {
                if (!UnknownOutcomeRetries.outcomeUnknown(e)) {
                    throw e;
                }
                failure = e;
            }
            // the write may or may not have landed: look before sending it again
            if (retries.exhausted(attempt)) {
                tails.remove(target);
                throw new IOException("writing " + chunk.size() + " datapoints to ConnectorDB stream " + stored
                    + " failed " + attempt + " times; last: " + failure.getMessage(), failure);
            }
            retries.pause(attempt);
            long length = client.length(stored);
            log.warn("{}: a write of {} datapoints to {} failed ({}); the stream holds {} datapoints, {} before the"
                + " write", label, chunk.size(), stored, failure.getMessage(), length, before.length());
            if (length == before.length()) {
                continue; // nothing landed: send again
            }
            if (length >= before.length() + chunk.size()) {
                List<ConnectorDbPoint> landed = client.read(stored, before.length(), before.length() + chunk.size());
                if (sameData(landed, chunk)) {
                    log.info("{}: the failed write to {} had landed; not sending it again", label, stored);
                    tails.put(target, new Tail(before.length() + chunk.size(), landed.get(landed.size() - 1).t()));
                    return;
                }
            }
            throw new StaleTail("its length is " + length + ", expected " + before.length() + " or "
                + (before.length() + chunk.size()));
        }
    }

    /** Whether the stored points hold the chunk's data in order (restamp may have changed their times). */
    boolean sameData(List<ConnectorDbPoint> landed, List<ConnectorDbPoint> chunk) {
        if (landed.size() != chunk.size()) {
            return false;
        }
        for (int i = 0; i < chunk.size(); i++) {
            ConnectorDbPoint a = landed.get(i);
            ConnectorDbPoint b = chunk.get(i);
            if (!a.sameData(b) || (!restamp && a.t() != b.t())) {
                return false;
            }
        }
        return true;
    }

    /** A non-retriable answer: the content was refused, the stream changed, or the task cannot go on. */
    private void refused(String target, ConnectorDbPath stored, HttpStatusException e)
        throws RejectedBatchException, StaleTail {
        String what = ConnectorDbClient.describe(e);
        if (e.status() == 401) {
            throw new ConnectException(label + ": ConnectorDB rejected the credential (" + what + "). Check"
                + " connectordb.apikey, or connectordb.user and connectordb.password.", e);
        }
        if (e.status() == 403 && what.contains(ConnectorDbClient.OLDER_TIMESTAMP)) {
            throw new StaleTail("it refused the write: " + what);
        }
        if (e.status() == 400 || (e.status() == 403 && what.contains(ConnectorDbClient.SCHEMA_MISMATCH))) {
            throw new RejectedBatchException(what, e);
        }
        if (e.status() == 403 && what.contains("not found")) {
            tails.remove(target);
            throw new ConnectException(label + ": ConnectorDB stream " + stored.main() + " does not exist (" + what
                + "). Create it, or set " + ConnectorDbSinkConfig.CREATE_MISSING + "=true.", e);
        }
        if (e.status() == 403) {
            throw new ConnectException(label + ": ConnectorDB refused the write to " + stored.main() + ": " + what
                + ". The sink writes as the device of its credential: use the owning device's API key, or the user"
                + " device's key with " + ConnectorDbSinkConfig.DOWNLINK + "=true for downlink streams.", e);
        }
        throw new ConnectException(label + ": ConnectorDB refused the write to " + stored.main() + ": " + what, e);
    }

    /** Reads the stream's length and last timestamp, creating the stream first when configured to. */
    private Tail readTail(ConnectorDbPath stream, ConnectorDbPath stored, ConnectorDbSinkPoint first)
        throws IOException {
        long length;
        try {
            length = client.length(stored);
        } catch (HttpStatusException e) {
            String what = ConnectorDbClient.describe(e);
            if (e.status() == 401) {
                throw new ConnectException(label + ": ConnectorDB rejected the credential (" + what + ").", e);
            }
            if (e.status() != 403 || !what.contains("not found")) {
                throw new ConnectException(label + ": cannot read the length of ConnectorDB stream " + stored + ": "
                    + what, e);
            }
            if (!createMissing || downlink) {
                throw new ConnectException(label + ": ConnectorDB stream " + stream + " does not exist (" + what
                    + "). Create it" + (downlink ? "" : ", or set " + ConnectorDbSinkConfig.CREATE_MISSING
                    + "=true") + ".", e);
            }
            create(stream, first);
            return Tail.EMPTY;
        }
        if (length == 0) {
            return Tail.EMPTY;
        }
        List<ConnectorDbPoint> last = client.read(stored, length - 1, length);
        return last.isEmpty() ? new Tail(length, Double.NEGATIVE_INFINITY) : new Tail(length, last.get(0).t());
    }

    private void create(ConnectorDbPath stream, ConnectorDbSinkPoint first) throws IOException {
        ObjectNode schema = first.dataSchema() == null ? ConnectorDbClient.JSON.createObjectNode()
            : ConnectToJsonSchema.convert(first.dataSchema());
        // ConnectorDB 0.3 validates with a Draft 4 library: leave the draft-07 marker out
        schema.remove("$schema");
        try {
            client.createStream(stream, schema, false);
            log.info("{}: created ConnectorDB stream {} with schema {}", label, stream, schema);
        } catch (HttpStatusException e) {
            String what = ConnectorDbClient.describe(e);
            if (!what.contains("already exists")) {
                throw new ConnectException(label + ": creating ConnectorDB stream " + stream + " failed: " + what
                    + ". The credential must be the device itself or its user.", e);
            }
            // another task created it first
        }
    }

    /** The stream is not as this writer believed: plan again against a fresh tail. */
    private static final class StaleTail extends Exception {
        private static final long serialVersionUID = 1L;

        StaleTail(String message) {
            super(message, null, false, false);
        }
    }
}
