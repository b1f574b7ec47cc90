package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
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
import okhttp3.HttpUrl;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to IOTile streams through {@code POST /api/v1/data/} so that a batch written again (after a lost
 * answer, or redelivered after a task restart) does not store a reading twice: IOTile keeps every post, with no
 * idempotency key.
 *
 * <p>Before each post, and before each retry, the writer reads what the stream already holds in the batch's time
 * window (readings written through the API, {@code streamer_local_id = 0}, whole seconds). A point whose second and
 * {@code int_value} match a stored reading counts as written (each stored reading matches once) and is not sent. A
 * post is sent once ({@code NO_RETRY}); when it fails without an answer (timeout, cut connection, 5xx), the window is
 * read again, so a post that landed is recognised and only what is missing is sent.
 *
 * <p>The price: a record equal in second and value to a reading the stream already holds (written by anyone) is
 * taken as that reading. A post IOTile refuses (400 with field errors, or 404 for a stream whose project or device
 * does not exist) is reported as a {@link RejectedBatchException}, which the engine bisects down to the records at
 * fault; they go to the errant record reporter with IOTile's field errors.
 */
final class IotileWriter implements StreamWriter<IotileSinkPoint> {

    private static final Logger log = LoggerFactory.getLogger(IotileWriter.class);
    static final String ALREADY_WRITTEN_METRIC = "sink-already-written-total";

    private final String label;
    private final IotileClient client;
    private final ConnectorMetrics metrics;
    private final UnknownOutcomeRetries retries;

    IotileWriter(String label, IotileClient client, ConnectorMetrics metrics, int maxRetries, Duration backoff,
                 Duration backoffMax) {
        this.label = label;
        this.client = client;
        this.metrics = metrics;
        this.retries = new UnknownOutcomeRetries(maxRetries, backoff, backoffMax);
    }

    @Override
    public void write(String target, List<IotileSinkPoint> batch) throws IOException, RejectedBatchException {
        List<IotileSinkPoint> points = new ArrayList<>(batch);
        points.sort(Comparator.comparingLong(IotileSinkPoint::micros));
        for (int attempt = 1; ; attempt++) {
            List<IotileSinkPoint> toSend = unwritten(target, points);
            if (toSend.size() < points.size()) {
                int already = points.size() - toSend.size();
                metrics.add(ALREADY_WRITTEN_METRIC, "Sink records found already stored in IOTile and not sent again",
                    "stream", target, already);
                log.info("{}: {} of {} readings for {} are already stored; {} sent", label, already, points.size(),
                    target, toSend.size());
            }
            if (toSend.isEmpty()) {
                return;
            }
            IOException failure;
            try {
                ArrayNode body = IotileClient.JSON.createArrayNode();
                toSend.forEach(p -> body.add(p.toJson(target)));
                client.postData(body);
                return;
            } catch (HttpStatusException e) {
                if (!e.retriable()) {
                    throw refused(target, e);
                }
                failure = e;
            } catch (IOException e) {
                if (!UnknownOutcomeRetries.outcomeUnknown(e)) {
                    throw e;
                }
                failure = e;
            }
            if (retries.exhausted(attempt)) {
                throw new IOException("posting " + toSend.size() + " readings to IOTile stream " + target + " failed "
                    + attempt + " times; last: " + failure.getMessage(), failure);
            }
            log.warn("{}: posting {} readings to {} failed ({}); it may have landed, so the stream is read before it"
                + " is sent again", label, toSend.size(), target, failure.getMessage());
            retries.pause(attempt);
        }
    }

    /** The points the stream does not hold yet, in order. */
    List<IotileSinkPoint> unwritten(String target, List<IotileSinkPoint> sorted) throws IOException {
        long from = sorted.get(0).second();
        long to = sorted.get(sorted.size() - 1).second() + 1;
        Map<Long, Map<Long, Integer>> stored = new HashMap<>();
        HttpUrl url = client.dataQuery(target).addQueryParameter("streamer_id_max", "0")
            .addQueryParameter("start", IotileClient.isoSecond(from)).addQueryParameter("end", IotileClient.isoSecond(to))
            .addQueryParameter("page_size", Integer.toString(IotileClient.MAX_DATA_PAGE)).build();
        try {
            while (url != null) {
                IotileClient.Page page = client.data(url);
                for (IotileReading r : page.results()) {
                    if (r.intValue() != null) {
                        stored.computeIfAbsent(r.second(), k -> new HashMap<>()).merge(r.intValue(), 1, Integer::sum);
                    }
                }
                url = page.next();
            }
        } catch (HttpStatusException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new ConnectException(label + ": IOTile Cloud refused the credential reading stream " + target
                    + " (" + IotileClient.describe(e) + "). Check iotile.email and iotile.password, or iotile.token.",
                    e);
            }
            throw e;
        }
        return plan(sorted, stored);
    }

    /** The pure part of {@link #unwritten}: each stored (second, value) matches one point. */
    static List<IotileSinkPoint> plan(List<IotileSinkPoint> sorted, Map<Long, Map<Long, Integer>> stored) {
        List<IotileSinkPoint> out = new ArrayList<>(sorted.size());
        for (IotileSinkPoint p : sorted) {
            Long v = p.integral();
            Map<Long, Integer> atSecond = stored.get(p.second());
            Integer n = v == null || atSecond == null ? null : atSecond.get(v);
            if (n != null && n > 0) {
                atSecond.put(v, n - 1);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** A non-retriable answer: the content was refused (bisected to the records at fault), or the task cannot go on. */
    private RejectedBatchException refused(String target, HttpStatusException e) {
        String what = IotileClient.describe(e);
        if (e.status() == 400) {
            return new RejectedBatchException("IOTile Cloud refused the readings for " + target + ": "
                + fieldErrors(e), e);
        }
        if (e.status() == 404) {
            return new RejectedBatchException("IOTile Cloud has no project or device for stream " + target + " ("
                + what + "); create them, or fix the stream slug", e);
        }
        if (e.status() == 401 || e.status() == 403) {
            throw new ConnectException(label + ": IOTile Cloud refused the post to " + target + " (" + what + ")."
                + " Check iotile.email and iotile.password (or iotile.token), and that the account may write data"
                + " to the stream's project.", e);
        }
        throw new ConnectException(label + ": IOTile Cloud refused the post to " + target + ": " + what, e);
    }

    /** The server's field errors; for a one-item array, that item's alone. */
    private static String fieldErrors(HttpStatusException e) {
        try {
            JsonNode err = IotileClient.JSON.readTree(e.body());
            if (err != null && err.isArray() && err.size() == 1) {
                return IotileClient.fieldErrors(err.get(0));
            }
            if (err != null) {
                return IotileClient.fieldErrors(err);
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON
        }
        return IotileClient.describe(e);
    }

}
