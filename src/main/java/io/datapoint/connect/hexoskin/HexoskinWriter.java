package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.core.sink.StreamWriter;
import io.datapoint.connect.core.sink.UnknownOutcomeRetries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes annotations (or ranges) of one user, a batch at a time in bulk requests ({@code PATCH /api/<resource>/}
 * with up to {@code hexoskin.sink.bulk.max.objects} objects and {@link #BULK_MAX_BYTES} bytes each). Hexoskin has no
 * idempotency key, so the writer compares with what is already there: before a batch it lists the user's annotations
 * in the batch's time span and skips those already stored (a batch written again after a failure, or records
 * delivered again after a restart); and when a request's outcome is unknown (lost response, timeout, 5xx) it lists
 * again and sends only what is missing. Identity is (start, end, datatype, text), counted: a batch with two records
 * alike in all four stores two annotations, and finding two stored skips both.
 *
 * <p>Content the server refuses (400, 403, 404) is reported so that the engine finds the records at fault. A bulk
 * refusal does not say which object was bad, so the writer sends that request's objects one by one ({@code POST}) to
 * find the culprits and store the rest, then reports the batch refused; the engine bisects it, and the parts find
 * the good records stored and the refused ones remembered ({@link HexoskinRefusals}) without sending them again.
 * A server that does not allow the bulk request (405) gets one {@code POST} per object from then on.
 */
final class HexoskinWriter implements StreamWriter<HexoskinSinkPoint> {

    static final String DUPLICATES_METRIC = "writes-found-existing-total";
    /**
     * Most bytes of objects in one bulk request: well under the 2.5 MiB request body that Django, under Hexoskin's
     * Tastypie, accepts by default.
     */
    static final int BULK_MAX_BYTES = 1_000_000;

    private static final Logger log = LoggerFactory.getLogger(HexoskinWriter.class);

    private final String label;
    private final HexoskinClient client;
    private final boolean ranges;
    private final int bulkMaxObjects;
    private final UnknownOutcomeRetries retries;
    private final ConnectorMetrics metrics;
    private final Map<String, HexoskinRefusals> refusals = new ConcurrentHashMap<>();
    private volatile boolean bulk = true;

    /** @param bulkMaxObjects most objects in one bulk request */
    HexoskinWriter(String label, HexoskinClient client, boolean ranges, int bulkMaxObjects,
                   UnknownOutcomeRetries retries, ConnectorMetrics metrics) {
        this.label = label;
        this.client = client;
        this.ranges = ranges;
        this.bulkMaxObjects = bulkMaxObjects;
        this.retries = retries;
        this.metrics = metrics;
    }

    private String resource() {
        return ranges ? HexoskinSinkConfig.RANGE : HexoskinSinkConfig.ANNOTATION;
    }

    /** A point with the JSON text of its object. */
    private record Item(HexoskinSinkPoint point, byte[] json) {
    }

    @Override
    public void write(String target, List<HexoskinSinkPoint> points) throws IOException, RejectedBatchException {
        if (points.isEmpty()) {
            return;
        }
        long user = Long.parseLong(target);
        HexoskinRefusals known = refusals.get(target);
        if (known != null && !known.covers(points)) {
            // a new batch, not a part of the refused one
            refusals.remove(target);
            known = null;
        }
        Map<HexoskinSinkPoint, Integer> stored = existing(user, points);
        Map<HexoskinSinkPoint, Integer> left = new HashMap<>(stored);
        Map<HexoskinSinkPoint, RejectedBatchException> refused = new LinkedHashMap<>();
        List<Item> send = new ArrayList<>();
        int skipped = 0;
        for (HexoskinSinkPoint p : points) {
            int n = left.getOrDefault(p, 0);
            if (n > 0) {
                left.put(p, n - 1);
                skipped++;
            } else if (known != null && known.refusal(p) != null) {
                refused.put(p, known.refusal(p));
            } else {
                send.add(new Item(p, json(user, p)));
            }
        }
        found(user, skipped);
        for (List<Item> chunk : chunks(send)) {
            writeChunk(user, chunk, stored, refused);
        }
        if (!refused.isEmpty()) {
            refusals.put(target, known == null ? HexoskinRefusals.of(points, refused) : known.with(refused));
            RejectedBatchException first = refused.values().iterator().next();
            throw new RejectedBatchException(first.getMessage() + (refused.size() > 1 ? " (and " + (refused.size()
                - 1) + " more refused in this batch)" : ""), first.getCause());
        }
    }

    /** The items in requests of at most {@code bulkMaxObjects} objects and {@link #BULK_MAX_BYTES} bytes. */
    private List<List<Item>> chunks(List<Item> items) {
        List<List<Item>> out = new ArrayList<>();
        List<Item> chunk = new ArrayList<>();
        long bytes = 0;
        for (Item i : items) {
            if (!chunk.isEmpty() && (chunk.size() >= bulkMaxObjects || bytes + i.json.length + 1 > BULK_MAX_BYTES)) {
                out.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(i);
            bytes += i.json.length + 1;
        }
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        return out;
    }

    /**
     * Writes one request's objects; {@code stored} counts what the server holds by identity and is kept up to date,
     * refusals go to {@code refused}.
     */
    private void writeChunk(long user, List<Item> chunk, Map<HexoskinSinkPoint, Integer> stored,
                            Map<HexoskinSinkPoint, RejectedBatchException> refused) throws IOException {
        List<Item> todo = chunk;
        for (int attempt = 1; ; attempt++) {
            if (!bulk) {
                createEach(user, todo, stored, refused);
                return;
            }
            try {
                client.patch(resource(), todo.stream().map(Item::json).toList());
                todo.forEach(i -> stored.merge(i.point, 1, Integer::sum));
                return;
            } catch (HttpStatusException e) {
                credentials(e);
                if (e.status() == 405) {
                    bulk = false;
                    log.warn("{}: Hexoskin does not allow bulk writes of {} ({}); writing one object per request",
                        label, resource(), HexoskinClient.describe(e));
                    continue;
                }
                if (refusedContent(e)) {
                    if (todo.size() == 1) {
                        refused.put(todo.get(0).point, rejection(user, todo.get(0).point, e));
                    } else {
                        // the answer does not say which object was bad: one at a time finds it and stores the rest
                        // (after a look, for a server that stored the objects before the bad one)
                        createEach(user, missing(user, todo, stored), stored, refused);
                    }
                    return;
                }
                if (!UnknownOutcomeRetries.outcomeUnknown(e) || retries.exhausted(attempt)) {
                    throw e;
                }
            } catch (IOException e) {
                if (!UnknownOutcomeRetries.outcomeUnknown(e) || retries.exhausted(attempt)) {
                    throw e;
                }
            }
            retries.pause(attempt);
            // the request may have been carried out although its answer was lost: send only what is missing
            todo = missing(user, todo, stored);
            if (todo.isEmpty()) {
                return;
            }
        }
    }

    /** What of {@code sent} is not stored, after a request whose outcome is unknown; updates {@code stored}. */
    private List<Item> missing(long user, List<Item> sent, Map<HexoskinSinkPoint, Integer> stored) throws IOException {
        Map<HexoskinSinkPoint, Integer> now = existing(user, sent.stream().map(Item::point).toList());
        Map<HexoskinSinkPoint, Integer> wanted = HexoskinRefusals.counts(sent.stream().map(Item::point).toList());
        Map<HexoskinSinkPoint, Integer> toSend = new HashMap<>();
        wanted.forEach((p, n) -> {
            int before = stored.getOrDefault(p, 0);
            int landed = Math.max(0, Math.min(n, now.getOrDefault(p, 0) - before));
            stored.put(p, before + landed);
            toSend.put(p, n - landed);
        });
        List<Item> out = new ArrayList<>();
        for (Item i : sent) {
            int n = toSend.getOrDefault(i.point, 0);
            if (n > 0) {
                toSend.put(i.point, n - 1);
                out.add(i);
            }
        }
        found(user, sent.size() - out.size());
        return out;
    }

    /** One {@code POST} per object: stores the good ones, puts the refused ones in {@code refused}. */
    private void createEach(long user, List<Item> items, Map<HexoskinSinkPoint, Integer> stored,
                            Map<HexoskinSinkPoint, RejectedBatchException> refused) throws IOException {
        for (Item i : items) {
            try {
                create(user, i, stored.getOrDefault(i.point, 0) + 1);
                stored.merge(i.point, 1, Integer::sum);
            } catch (RejectedBatchException e) {
                refused.put(i.point, e);
            }
        }
    }

    /** Creates one object; {@code expected} is how many alike are stored once it is. */
    private void create(long user, Item item, int expected) throws IOException, RejectedBatchException {
        HexoskinSinkPoint p = item.point;
        for (int attempt = 1; ; attempt++) {
            try {
                client.create(resource(), item.json);
                return;
            } catch (HttpStatusException e) {
                credentials(e);
                if (refusedContent(e) || e.status() == 405) {
                    throw rejection(user, p, e);
                }
                if (!UnknownOutcomeRetries.outcomeUnknown(e) || retries.exhausted(attempt)) {
                    throw e;
                }
            } catch (IOException e) {
                if (!UnknownOutcomeRetries.outcomeUnknown(e) || retries.exhausted(attempt)) {
                    throw e;
                }
            }
            retries.pause(attempt);
            // the failed attempt may have been stored although its answer was lost: look before sending again
            if (existing(user, List.of(p)).getOrDefault(p, 0) >= expected) {
                found(user, 1);
                return;
            }
        }
    }

    /** 400 (validation), 403 (a user the credential may not write for), 404: the content, not the moment. */
    private static boolean refusedContent(HttpStatusException e) {
        return e.status() >= 400 && e.status() < 500 && e.status() != 405 && !e.retriable();
    }

    private RejectedBatchException rejection(long user, HexoskinSinkPoint p, HttpStatusException e) {
        return new RejectedBatchException("Hexoskin refused the " + resource() + " for user " + user + " at tick "
            + p.start() + ": " + HexoskinClient.describe(e), e);
    }

    private void credentials(HttpStatusException e) {
        String credentials = HexoskinClient.credentialProblem(e);
        if (credentials != null) {
            throw new ConnectException(label + ": " + credentials + " Writing needs the readwrite scope.", e);
        }
    }

    private void found(long user, int n) {
        if (n > 0) {
            metrics.add(DUPLICATES_METRIC, "Writes skipped because the annotation or range was already stored", "user",
                Long.toString(user), n);
        }
    }

    /** Stored objects of the user in the points' time span, counted by identity. */
    private Map<HexoskinSinkPoint, Integer> existing(long user, List<HexoskinSinkPoint> points) throws IOException {
        long min = points.stream().mapToLong(HexoskinSinkPoint::start).min().orElseThrow();
        long max = points.stream().mapToLong(HexoskinSinkPoint::start).max().orElseThrow();
        List<String[]> f = min == max
            ? List.of(new String[] {"user", Long.toString(user)}, new String[] {"start", Long.toString(min)})
            : List.of(new String[] {"user", Long.toString(user)}, new String[] {"start__gte", Long.toString(min)},
                new String[] {"start__lte", Long.toString(max)});
        Map<HexoskinSinkPoint, Integer> out = new HashMap<>();
        List<JsonNode> objects;
        try {
            objects = client.find(resource(), f);
        } catch (HttpStatusException e) {
            String credentials = HexoskinClient.credentialProblem(e);
            if (credentials != null) {
                throw new ConnectException(label + ": " + credentials, e);
            }
            throw e;
        }
        for (JsonNode o : objects) {
            out.merge(identity(o), 1, Integer::sum);
        }
        return out;
    }

    private HexoskinSinkPoint identity(JsonNode o) throws IOException {
        if (ranges) {
            return new HexoskinSinkPoint(o.path("start").asLong(), o.path("end").isNumber() ? o.path("end").asLong()
                : null, null, o.path("name").asText(""));
        }
        JsonNode d = o.path("datatype");
        return new HexoskinSinkPoint(o.path("start").asLong(), null,
            d.isNull() || d.isMissingNode() || d.asText().isEmpty() ? null : (int) HexoskinClient.idOf(d),
            o.path("annotation").asText(""));
    }

    private byte[] json(long user, HexoskinSinkPoint p) {
        ObjectNode b = HexoskinClient.JSON.createObjectNode().put("user", "/api/user/" + user + "/")
            .put("start", p.start());
        if (ranges) {
            b.put("name", p.text());
            if (p.end() != null) {
                b.put("end", p.end());
            }
        } else {
            b.put("annotation", p.text());
            if (p.datatype() != null) {
                b.put("datatype", "/api/datatype/" + p.datatype() + "/");
            }
        }
        try {
            return HexoskinClient.JSON.writeValueAsBytes(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "HexoskinWriter[" + resource() + "]";
    }
}
