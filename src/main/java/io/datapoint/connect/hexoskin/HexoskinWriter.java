package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.core.sink.StreamWriter;
import io.datapoint.connect.core.sink.UnknownOutcomeRetries;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Writes annotations (or ranges) of one user. Hexoskin has no idempotency key, so the writer compares with what is
 * already there: before a batch it lists the user's annotations in the batch's time span and skips those already
 * stored (a batch written again after a failure, or records delivered again after a restart); and when a create's
 * outcome is unknown (lost response, timeout, 5xx) it looks for the annotation before sending it again. Identity is
 * (start, end, datatype, text): two records alike in all four become one annotation. Content the server refuses
 * (400, 403, 404) is reported so that the engine finds the records at fault.
 */
final class HexoskinWriter implements StreamWriter<HexoskinSinkPoint> {

    static final String DUPLICATES_METRIC = "writes-found-existing-total";

    private final String label;
    private final HexoskinClient client;
    private final boolean ranges;
    private final UnknownOutcomeRetries retries;
    private final ConnectorMetrics metrics;

    HexoskinWriter(String label, HexoskinClient client, boolean ranges, UnknownOutcomeRetries retries,
                   ConnectorMetrics metrics) {
        this.label = label;
        this.client = client;
        this.ranges = ranges;
        this.retries = retries;
        this.metrics = metrics;
    }

    private String resource() {
        return ranges ? HexoskinSinkConfig.RANGE : HexoskinSinkConfig.ANNOTATION;
    }

    @Override
    public void write(String target, List<HexoskinSinkPoint> points) throws IOException, RejectedBatchException {
        if (points.isEmpty()) {
            return;
        }
        long user = Long.parseLong(target);
        long min = points.stream().mapToLong(HexoskinSinkPoint::start).min().orElseThrow();
        long max = points.stream().mapToLong(HexoskinSinkPoint::start).max().orElseThrow();
        Map<HexoskinSinkPoint, Integer> existing = existing(user, List.of(new String[] {"start__gte",
            Long.toString(min)}, new String[] {"start__lte", Long.toString(max)}));
        for (HexoskinSinkPoint p : points) {
            Integer n = existing.get(p);
            if (n != null && n > 0) {
                existing.put(p, n - 1);
                metrics.increment(DUPLICATES_METRIC, "Writes skipped because the annotation or range was already"
                    + " stored", "user", target);
                continue;
            }
            create(user, p);
        }
    }

    /** Stored objects of the user matching the filters, counted by identity. */
    private Map<HexoskinSinkPoint, Integer> existing(long user, List<String[]> filters) throws IOException {
        List<String[]> f = new java.util.ArrayList<>(filters);
        f.add(0, new String[] {"user", Long.toString(user)});
        Map<HexoskinSinkPoint, Integer> out = new HashMap<>();
        for (JsonNode o : call(() -> client.find(resource(), f))) {
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

    private ObjectNode body(long user, HexoskinSinkPoint p) {
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
        return b;
    }

    private void create(long user, HexoskinSinkPoint p) throws IOException, RejectedBatchException {
        for (int attempt = 1; ; attempt++) {
            try {
                client.create(resource(), body(user, p));
                return;
            } catch (HttpStatusException e) {
                String credentials = HexoskinClient.credentialProblem(e);
                if (credentials != null) {
                    throw new ConnectException(label + ": " + credentials + " Writing needs the readwrite scope.",
                        e);
                }
                if (e.status() >= 400 && e.status() < 500 && !e.retriable()) {
                    // 400 (validation), 403 (a user the credential may not write for), 404, 405: the content
                    throw new RejectedBatchException("Hexoskin refused the " + resource() + " for user " + user
                        + " at tick " + p.start() + ": " + HexoskinClient.describe(e), e);
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
            Map<HexoskinSinkPoint, Integer> found = existing(user, List.<String[]>of(new String[] {"start",
                Long.toString(p.start())}));
            if (found.getOrDefault(p, 0) > 0) {
                metrics.increment(DUPLICATES_METRIC, "Writes skipped because the annotation or range was already"
                    + " stored", "user", Long.toString(user));
                return;
            }
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T call(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (HttpStatusException e) {
            String credentials = HexoskinClient.credentialProblem(e);
            if (credentials != null) {
                throw new ConnectException(label + ": " + credentials, e);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "HexoskinWriter[" + resource() + "]";
    }
}
