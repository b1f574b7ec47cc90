package io.datapoint.connect.heedy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Typed calls to heedy's REST API (an app token as Bearer). Sends only the query parameters heedy documents, since
 * heedy answers 400 to any other.
 */
public final class HeedyClient {

    /** Shared JSON mapper. */
    // the fast double parser reads datapoint numbers to the same doubles as the JDK's, in a fraction of the time
    public static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** heedy lists at most {@code limit} objects and has no paging; ask for plenty and warn when it is reached. */
    static final int OBJECT_LIST_LIMIT = 100_000;

    private final HttpUrl base;
    private final HttpTransport transport;

    /** @param baseUrl the server's base URL, e.g. {@code http://localhost:1324}; a sub-path prefix is kept */
    public HeedyClient(String baseUrl, HttpTransport transport) {
        String b = baseUrl.trim();
        this.base = HttpUrl.get(b.endsWith("/") ? b : b + "/");
        this.transport = transport;
    }

    /** The websocket URL of the event stream. */
    public String eventsUrl() {
        return url("api/events").toString().replaceFirst("^http", "ws");
    }

    /** The app the token belongs to ({@code GET /api/apps/self}): proves the URL and the token. */
    public JsonNode self() throws IOException {
        return get(url("api/apps/self"));
    }

    /** The timeseries objects the token can read that match every given filter (null filters are left out). */
    public List<HeedyObject> listTimeseries(String owner, String app, String key, String tags) throws IOException {
        HttpUrl.Builder u = url("api/objects").newBuilder().addQueryParameter("type", "timeseries");
        if (owner != null) {
            u.addQueryParameter("owner", owner);
        }
        if (app != null) {
            u.addQueryParameter("app", app);
        }
        if (key != null) {
            u.addQueryParameter("key", key);
        }
        if (tags != null) {
            u.addQueryParameter("tags", tags);
        }
        u.addQueryParameter("limit", Integer.toString(OBJECT_LIST_LIMIT));
        List<HeedyObject> out = new ArrayList<>();
        for (JsonNode o : get(u.build())) {
            out.add(HeedyObject.from(o));
        }
        return out;
    }

    /** One object. */
    public HeedyObject object(String id) throws IOException {
        return HeedyObject.from(get(objectUrl(id, null)));
    }

    /**
     * Reads datapoints of an object.
     *
     * @param query heedy's read parameters by name ({@code t1}, {@code t2}, {@code i}, {@code limit}, ...)
     */
    public List<HeedyPoint> read(String id, Map<String, String> query) throws IOException {
        HttpUrl.Builder u = objectUrl(id, "timeseries").newBuilder();
        query.forEach(u::addQueryParameter);
        JsonNode array = get(u.build());
        List<HeedyPoint> points = new ArrayList<>(array.size());
        for (JsonNode p : array) {
            points.add(HeedyPoint.from(p));
        }
        return points;
    }

    /** The newest datapoint of an object, if any. */
    public Optional<HeedyPoint> last(String id) throws IOException {
        List<HeedyPoint> points = read(id, Map.of("i", "-1"));
        return points.isEmpty() ? Optional.empty() : Optional.of(points.get(0));
    }

    /**
     * Writes datapoints (sorted by {@code t}, unique {@code t}) in one request: all or nothing.
     *
     * @param method {@code update} (idempotent), {@code insert} or {@code append}
     */
    public void write(String id, List<HeedyPoint> points, String method) throws IOException {
        ArrayNode body = JSON.createArrayNode();
        points.forEach(p -> body.add(p.toJson()));
        HttpUrl u = objectUrl(id, "timeseries").newBuilder().addQueryParameter("method", method).build();
        transport.execute(new Request.Builder().url(u)
            .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build());
    }

    /** The caller app's timeseries with this key, if it exists. */
    public Optional<HeedyObject> findByKey(String key) throws IOException {
        List<HeedyObject> found = listTimeseries(null, "self", key, null);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Creates a timeseries owned by the caller app. */
    public HeedyObject createTimeseries(String name, String key, String tags, JsonNode schema) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("type", "timeseries");
        if (key != null) {
            body.put("key", key);
        }
        if (tags != null && !tags.isBlank()) {
            body.put("tags", tags);
        }
        ObjectNode meta = body.putObject("meta");
        meta.set("schema", schema == null ? JSON.createObjectNode() : schema);
        byte[] out = transport.execute(new Request.Builder().url(url("api/objects"))
            .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build()).body();
        return HeedyObject.from(JSON.readTree(out));
    }

    /** heedy's error text ({@code error: error_description}) from a failed call, or the raw body. */
    public static String describe(HttpStatusException e) {
        try {
            JsonNode err = JSON.readTree(e.body());
            if (err != null && err.has("error")) {
                return err.path("error").asText() + ": " + err.path("error_description").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not heedy's JSON envelope; fall back to the body
        }
        return "HTTP " + e.status() + " " + e.body();
    }

    /** Renders a timestamp the way heedy's float parser reads it back exactly (plain, shortest round trip). */
    public static String seconds(double t) {
        return BigDecimal.valueOf(t).toPlainString();
    }

    private JsonNode get(HttpUrl u) throws IOException {
        byte[] body = transport.execute(new Request.Builder().url(u).get().build()).body();
        return JSON.readTree(body);
    }

    private HttpUrl url(String path) {
        return base.resolve(path);
    }

    private HttpUrl objectUrl(String id, String sub) {
        HttpUrl.Builder b = url("api/objects").newBuilder().addPathSegment(id);
        if (sub != null) {
            b.addPathSegment(sub);
        }
        return b.build();
    }

    /** Query parameters in insertion order. */
    static Map<String, String> query(String... pairs) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            q.put(pairs[i], pairs[i + 1]);
        }
        return q;
    }
}
