package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.schema.ConnectToJsonSchema;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.core.sink.StreamWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to heedy timeseries. A batch is sorted by {@code t} and equal timestamps collapse to the record
 * that came last in Kafka (heedy refuses a request with a repeated timestamp), then written with the configured
 * method in requests of at most {@value #MAX_POINTS_PER_REQUEST} datapoints. With {@code update}, writing a batch again
 * is harmless. A request heedy refuses because of its content (400, e.g. schema validation, which names no culprit)
 * is a {@link RejectedBatchException}, which the engine bisects.
 */
final class HeedyWriter implements StreamWriter<HeedySinkPoint> {

    private static final Logger log = LoggerFactory.getLogger(HeedyWriter.class);
    static final int MAX_POINTS_PER_REQUEST = 5_000;

    private final String label;
    private final HeedyClient client;
    private final String method;
    private final boolean createMissing;
    private final String createName;
    private final String createTags;
    private final Map<String, String> objectIds = new ConcurrentHashMap<>();

    HeedyWriter(String label, HeedyClient client, HeedySinkConfig config) {
        this.label = label;
        this.client = client;
        this.method = config.getString(HeedySinkConfig.WRITE_METHOD);
        this.createMissing = config.getBoolean(HeedySinkConfig.CREATE_MISSING);
        this.createName = config.getString(HeedySinkConfig.CREATE_NAME);
        this.createTags = config.getString(HeedySinkConfig.CREATE_TAGS);
    }

    @Override
    public void write(String target, List<HeedySinkPoint> batch) throws IOException, RejectedBatchException {
        List<HeedyPoint> points = ordered(batch);
        String id = resolve(target, batch.get(0));
        for (int from = 0; from < points.size(); from += MAX_POINTS_PER_REQUEST) {
            List<HeedyPoint> chunk = points.subList(from, Math.min(points.size(), from + MAX_POINTS_PER_REQUEST));
            try {
                client.write(id, chunk, method);
            } catch (HttpStatusException e) {
                handle(target, id, e);
            }
        }
    }

    /** Sorted by t; of equal timestamps only the last in Kafka order is kept. */
    static List<HeedyPoint> ordered(List<HeedySinkPoint> batch) {
        List<HeedyPoint> sorted = new ArrayList<>(batch.size());
        batch.forEach(p -> sorted.add(p.point()));
        sorted.sort(Comparator.comparingDouble(HeedyPoint::t)); // stable: equal t stay in Kafka order
        List<HeedyPoint> out = new ArrayList<>(sorted.size());
        for (HeedyPoint p : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1).t() == p.t()) {
                out.set(out.size() - 1, p);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private void handle(String target, String id, HttpStatusException e) throws IOException, RejectedBatchException {
        if (e.retriable()) {
            throw e; // retries ran out: a transient failure, not a verdict on the data
        }
        String what = HeedyClient.describe(e);
        if (e.status() == 400) {
            throw new RejectedBatchException(what, e);
        }
        if (e.status() == 401) {
            throw new ConnectException(label + ": heedy rejected the app token (" + what + "). Check heedy.token.",
                e);
        }
        if (e.status() == 403 && what.startsWith("not_found")) {
            objectIds.remove(target);
            throw new ConnectException(label + ": heedy object " + id + " does not exist or the app cannot see it ("
                + what + "). Check the target settings (heedy.object, heedy.key, heedy.topic.objects).", e);
        }
        if (e.status() == 403) {
            throw new ConnectException(label + ": the app may not write heedy object " + id + " (" + what + ")."
                + " Give the app write access, e.g. the objects:write scope.", e);
        }
        throw new ConnectException(label + ": heedy refused the write to object " + id + ": " + what, e);
    }

    private String resolve(String target, HeedySinkPoint first) throws IOException {
        if (target.startsWith(HeedySinkRecords.OBJECT_TARGET)) {
            return target.substring(HeedySinkRecords.OBJECT_TARGET.length());
        }
        String cached = objectIds.get(target);
        if (cached != null) {
            return cached;
        }
        String key = target.substring(HeedySinkRecords.KEY_TARGET.length());
        String id;
        var existing = client.findByKey(key);
        if (existing.isPresent()) {
            id = existing.get().id();
        } else if (createMissing) {
            JsonNode schema = first.dataSchema() == null ? HeedyClient.JSON.createObjectNode()
                : ConnectToJsonSchema.convert(first.dataSchema());
            try {
                id = client.createTimeseries(createName == null || createName.isBlank() ? key : createName, key,
                    createTags, schema).id();
                log.info("{}: created heedy timeseries {} with key '{}'", label, id, key);
            } catch (HttpStatusException e) {
                // another task may have created it first (key is unique per app)
                id = client.findByKey(key).map(HeedyObject::id).orElseThrow(() -> new ConnectException(label
                    + ": creating the heedy timeseries with key '" + key + "' failed: " + HeedyClient.describe(e)
                    + ". The app needs the self.objects scope to create objects.", e));
            }
        } else {
            throw new ConnectException(label + ": the app has no heedy timeseries with key '" + key + "' and "
                + HeedySinkConfig.CREATE_MISSING + " is false. Create it, or set " + HeedySinkConfig.CREATE_MISSING
                + "=true.");
        }
        objectIds.put(target, id);
        return id;
    }
}
