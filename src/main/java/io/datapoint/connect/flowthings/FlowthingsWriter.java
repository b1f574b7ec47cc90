package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.RetryMode;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.core.sink.StreamWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Writes batches of drops, one {@code POST /drop/<flowId>} per drop (the API has no batch create), at most
 * {@code write.parallel.requests} at once. The transport retries transient failures (connection errors, timeouts,
 * 429, 5xx); each drop's fhash makes those retries, and a rewritten batch, harmless: an answer saying the fhash was
 * already processed counts as written. A drop the server refuses (another 4xx) makes the batch a
 * {@link RejectedBatchException}, which the engine bisects until the refused record goes to the errant record
 * reporter with the server's message.
 */
final class FlowthingsWriter implements StreamWriter<FlowthingsSinkPoint>, AutoCloseable {

    private final String label;
    private final FlowthingsClient client;
    private final Pattern duplicate;
    private final boolean fhash;
    private final ExecutorService requests;
    private final Map<String, String> flowIds = new ConcurrentHashMap<>();

    FlowthingsWriter(String label, FlowthingsClient client, FlowthingsSinkConfig config) {
        this.label = label;
        this.client = client;
        this.duplicate = Pattern.compile(config.getString(FlowthingsSinkConfig.DUPLICATE_PATTERN));
        this.fhash = "offset".equals(config.getString(FlowthingsSinkConfig.FHASH));
        int parallel = config.getInt(FlowthingsSinkConfig.PARALLEL_REQUESTS);
        this.requests = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "flowthings-sink-request");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void write(String target, List<FlowthingsSinkPoint> points) throws IOException, RejectedBatchException {
        String flowId = resolve(target);
        List<Future<String>> results = new ArrayList<>(points.size());
        for (FlowthingsSinkPoint p : points) {
            results.add(requests.submit(() -> create(flowId, p)));
        }
        String refused = null;
        IOException failed = null;
        for (Future<String> f : results) {
            try {
                String r = f.get();
                if (r != null && refused == null) {
                    refused = r;
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ConnectException ce) {
                    throw ce;
                }
                if (failed == null) {
                    failed = cause instanceof IOException io ? io : new IOException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing drops to " + target);
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (refused != null) {
            throw new RejectedBatchException(refused, null);
        }
    }

    /** Creates one drop; returns null when written, else the server's reason for refusing it. */
    private String create(String flowId, FlowthingsSinkPoint p) throws IOException {
        try {
            // with an fhash a retried create cannot store the drop twice; without, a retry could
            client.createDrop(flowId, p.body(), fhash ? RetryMode.RETRY : RetryMode.NO_RETRY);
            return null;
        } catch (HttpStatusException e) {
            String message = FlowthingsClient.describe(e);
            if (e.status() == 401) {
                throw new ConnectException(label + ": flowthings rejected the token (" + message + "). Check"
                    + " flowthings.token.", e);
            }
            if (e.status() >= 400 && e.status() < 500 && e.status() != 408 && e.status() != 429) {
                if (fhash && e.status() != 413 && duplicate.matcher(message).find()) {
                    return null; // the flow already processed this fhash: the drop is stored
                }
                return "flowthings refused the drop of record " + p.record() + " in flow " + flowId + ": " + message;
            }
            throw e;
        }
    }

    /** The flow id of a target; a path is resolved once (a path with no flow refuses the batch). */
    private String resolve(String target) throws IOException, RejectedBatchException {
        if (target.startsWith(FlowthingsSinkRecords.ID)) {
            return target.substring(FlowthingsSinkRecords.ID.length());
        }
        String path = target.substring(FlowthingsSinkRecords.PATH.length());
        String cached = flowIds.get(path);
        if (cached != null) {
            return cached;
        }
        JsonNode flow;
        try {
            flow = client.flowByPath(path);
        } catch (HttpStatusException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new ConnectException(label + ": flowthings refused to list flows (" + FlowthingsClient.describe(e)
                    + "). Check flowthings.account and flowthings.token.", e);
            }
            throw e;
        }
        if (flow == null) {
            throw new RejectedBatchException("no flow at path " + path + " in account " + client.account()
                + "; create it or fix the path", null);
        }
        String id = flow.path("id").asText();
        flowIds.put(path, id);
        return id;
    }

    @Override
    public void close() {
        requests.shutdownNow();
    }
}
