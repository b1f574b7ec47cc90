package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.http.RetryMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * Typed calls to the Hexoskin REST API ({@code /api/<resource>/}, Tastypie style: trailing slashes, list envelopes
 * {@code {"meta": {..., "next": "/api/...?..."}, "objects": [...]}} whose {@code next} is a host-relative path).
 * Authentication (request signing or OAuth2) is an interceptor of the transport.
 */
public final class HexoskinClient {

    // the fast double parser reads datapoint numbers to the same doubles as the JDK's, in a fraction of the time
    static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** Records asked for per page of the change feed. */
    static final int FEED_PAGE = 100;
    /** Objects asked for per page of a lookup: the most a Tastypie list of api.hexoskin.com returns. */
    static final int FIND_PAGE = 1000;

    private final HttpUrl base;
    private final HttpTransport transport;

    /** @param baseUrl the server's base URL, e.g. https://api.hexoskin.com (the API is under /api/) */
    public HexoskinClient(String baseUrl, HttpTransport transport) {
        String b = baseUrl.trim();
        this.base = HttpUrl.get(b.endsWith("/") ? b : b + "/");
        this.transport = transport;
    }

    HttpUrl.Builder resource(String name) {
        return base.resolve("api/" + name + "/").newBuilder();
    }

    /** The id of the account the credential logs in as ({@code GET /api/account/}): proves URL and credential. */
    public long accountId() throws IOException {
        JsonNode objects = get(resource("account").build()).path("objects");
        if (objects.isEmpty()) {
            throw new IOException("Hexoskin answered GET /api/account/ with no account");
        }
        return objects.get(0).path("id").asLong();
    }

    /** The ids of every user the credential can see. */
    public List<Long> userIds() throws IOException {
        List<Long> ids = new ArrayList<>();
        for (JsonNode u : list(resource("user").addQueryParameter("limit", "100").build())) {
            ids.add(u.path("id").asLong());
        }
        return ids;
    }

    /** The server's datatype list. */
    public List<HexoskinDatatype> datatypes() throws IOException {
        List<HexoskinDatatype> out = new ArrayList<>();
        for (JsonNode d : list(resource("datatype").addQueryParameter("limit", "1000").build())) {
            JsonNode freq = d.path("freq");
            out.add(new HexoskinDatatype(d.path("id").asInt(), d.path("name").asText(""),
                freq.isNumber() ? freq.asDouble() : null));
        }
        return out;
    }

    /**
     * The change feed: a user's records modified at or after {@code since} (every record when null), ordered by
     * {@code last_modified} then id, following {@code meta.next} through all pages.
     */
    List<HexoskinRecording> changedRecords(long user, String since) throws IOException {
        HttpUrl.Builder u = resource("record").addQueryParameter("user", Long.toString(user));
        if (since != null) {
            u.addQueryParameter("last_modified__gte", since);
        }
        u.addQueryParameter("order_by", "last_modified,id").addQueryParameter("limit", Integer.toString(FEED_PAGE));
        List<HexoskinRecording> out = new ArrayList<>();
        for (JsonNode r : list(u.build())) {
            out.add(HexoskinRecording.from(r));
        }
        return out;
    }

    /**
     * The samples of one datatype of one record between two ticks ({@code GET /api/data/?user=&datatype=&record=
     * &start=&end=}); whether the server includes either end is not documented, so callers de-duplicate.
     *
     * @return pairs of {@code [tick, value]} as the server sent them
     */
    List<double[]> data(long user, int datatype, long record, long start, long end) throws IOException {
        HttpUrl u = resource("data").addQueryParameter("user", Long.toString(user))
            .addQueryParameter("datatype", Integer.toString(datatype))
            .addQueryParameter("record", Long.toString(record))
            .addQueryParameter("start", Long.toString(start))
            .addQueryParameter("end", Long.toString(end)).build();
        JsonNode body = get(u);
        List<double[]> out = new ArrayList<>();
        String key = Integer.toString(datatype);
        for (JsonNode perUser : body) {
            JsonNode points = perUser.path("data").path(key);
            for (JsonNode p : points) {
                if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber()) {
                    throw new IOException("Hexoskin data point of datatype " + datatype + " is not [tick, value]: "
                        + p);
                }
                out.add(new double[] {p.get(0).asLong(), p.get(1).asDouble()});
            }
        }
        return out;
    }

    /** Objects of a list resource matching the filters (all pages of {@link #FIND_PAGE}). */
    List<JsonNode> find(String resource, List<String[]> filters) throws IOException {
        HttpUrl.Builder u = resource(resource);
        for (String[] f : filters) {
            u.addQueryParameter(f[0], f[1]);
        }
        return list(u.addQueryParameter("limit", Integer.toString(FIND_PAGE)).build());
    }

    /**
     * Creates an object ({@code POST /api/<resource>/}), sent once: creation is not idempotent.
     *
     * @param object the object's JSON text
     */
    JsonNode create(String resource, byte[] object) throws IOException {
        Request r = new Request.Builder().url(resource(resource).build()).header("Accept", "application/json")
            .post(RequestBody.create(object, JSON_TYPE)).build();
        byte[] out = transport.execute(r, RetryMode.NO_RETRY).body();
        return out.length == 0 ? JSON.createObjectNode() : JSON.readTree(out);
    }

    /**
     * Creates or updates objects in one request ({@code PATCH /api/<resource>/} with {@code {"objects": [...]}},
     * Tastypie's bulk request), sent once: creation is not idempotent. The answer (202, with or without the objects)
     * is not read; a caller that needs to know what landed lists it.
     *
     * @param objects the JSON texts of the objects, each a complete object
     */
    void patch(String resource, List<byte[]> objects) throws IOException {
        Buffer body = new Buffer().writeUtf8("{\"objects\":[");
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                body.writeByte(',');
            }
            body.write(objects.get(i));
        }
        body.writeUtf8("]}");
        Request r = new Request.Builder().url(resource(resource).build()).header("Accept", "application/json")
            .patch(RequestBody.create(body.readByteArray(), JSON_TYPE)).build();
        transport.execute(r, RetryMode.NO_RETRY);
    }

    private List<JsonNode> list(HttpUrl first) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        HttpUrl next = first;
        int pages = 0;
        while (next != null) {
            JsonNode page = get(next);
            if (!page.has("objects")) {
                throw new IOException("Hexoskin answered " + first.encodedPath() + " without a list envelope");
            }
            page.path("objects").forEach(out::add);
            String n = page.path("meta").path("next").asText(null);
            next = n == null || n.isEmpty() || "null".equals(n) ? null : base.resolve(n);
            if (++pages > 100_000) {
                throw new IOException("Hexoskin list " + first.encodedPath() + " does not end");
            }
        }
        return out;
    }

    private JsonNode get(HttpUrl u) throws IOException {
        Request r = new Request.Builder().url(u).header("Accept", "application/json").get().build();
        return JSON.readTree(transport.execute(r).body());
    }

    /** The id at the end of a resource URI such as {@code /api/user/1511/}, or the number itself. */
    static long idOf(JsonNode ref) throws IOException {
        if (ref.isNumber()) {
            return ref.asLong();
        }
        if (ref.isObject()) {
            return ref.has("id") ? ref.path("id").asLong() : idOf(ref.path("resource_uri"));
        }
        String s = ref.asText("").replaceAll("/+$", "");
        try {
            return Long.parseLong(s.substring(s.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            throw new IOException("not a Hexoskin resource URI: " + ref);
        }
    }

    /**
     * What to tell the user when a call failed for its credentials: a 401, or any refusal by the OAuth2 token
     * endpoint (reached from inside the bearer interceptor); null for other failures.
     */
    static String credentialProblem(HttpStatusException e) {
        if (e.url() != null && e.url().contains("/oauth2/token")) {
            return "Hexoskin's OAuth2 token endpoint refused the grant (" + describe(e) + "). Check"
                + " hexoskin.oauth2.client.id and hexoskin.oauth2.client.secret, and hexoskin.username and"
                + " hexoskin.password (the password grant only logs in the OAuth2 client's owner) or"
                + " hexoskin.oauth2.refresh.token.";
        }
        if (e.status() == 401) {
            return "Hexoskin rejected the credential (" + describe(e) + "). Check hexoskin.api.key and"
                + " hexoskin.api.secret with hexoskin.username and hexoskin.password, or the OAuth2 settings.";
        }
        return null;
    }

    /** Hexoskin's error text ({@code error} or {@code errors} of the body), or the status and body. */
    static String describe(HttpStatusException e) {
        try {
            JsonNode err = JSON.readTree(e.body());
            if (err != null && err.has("error")) {
                return err.path("error").asText();
            }
            if (err != null && err.has("errors")) {
                return err.path("errors").toString();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON
        }
        String b = e.body() == null ? "" : e.body();
        return "HTTP " + e.status() + (b.isBlank() ? " (empty body)" : " " + (b.length() > 200 ? b.substring(0, 200)
            + "..." : b));
    }
}
