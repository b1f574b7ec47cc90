package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Typed calls to ConnectorDB's REST API under {@code /api/v1} (auth is the transport's Basic interceptor). Paths are
 * sent in canonical form (no trailing slash), since the server redirects anything else. Success bodies are plain
 * text ({@code ok}, lengths, the caller's path) or JSON, as each endpoint answers.
 */
public final class ConnectorDbClient {

    /** Shared JSON mapper. */
    // the fast double parser reads datapoint numbers to the same doubles as the JDK's, in a fraction of the time
    public static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    /** The server's message when an insert starts before the stream's last timestamp (POST). */
    static final String OLDER_TIMESTAMP = "Greater timestamp already exists";
    /** The server's message when a datapoint breaks the stream's schema. */
    static final String SCHEMA_MISMATCH = "did not conform to the stream's schema";
    /** The server's message for an index range past the end (the stream is shorter than asked). */
    static final String INVALID_RANGE = "Invalid index range";

    private final HttpUrl api;
    private final HttpTransport transport;

    /** @param baseUrl the server's base URL, e.g. {@code http://localhost:3124} (a sub-path prefix is kept) */
    public ConnectorDbClient(String baseUrl, HttpTransport transport) {
        String b = baseUrl.trim();
        this.api = HttpUrl.get(b.endsWith("/") ? b : b + "/").resolve("api/v1/");
        this.transport = transport;
    }

    /** The websocket URL, {@code ws(s)://host:port/api/v1/websocket}. */
    public String websocketUrl() {
        return api.resolve("websocket").toString().replaceFirst("^http", "ws");
    }

    /** The device the credential logs in as ({@code GET /api/v1/?q=this}, plain text): proves URL and credential. */
    public String whoami() throws IOException {
        HttpUrl u = api.newBuilder().addQueryParameter("q", "this").build();
        return transport.execute(get(u)).bodyText().trim();
    }

    /** A stream's metadata. */
    public ConnectorDbStream stream(ConnectorDbPath path) throws IOException {
        return ConnectorDbStream.from(path, JSON.readTree(transport.execute(get(crud(path.main()).build())).body()));
    }

    /** Every stream of a device ({@code ?q=ls}). */
    public List<ConnectorDbStream> deviceStreams(String user, String device) throws IOException {
        HttpUrl u = crudBase().addPathSegment(user).addPathSegment(device).addQueryParameter("q", "ls").build();
        List<ConnectorDbStream> out = new ArrayList<>();
        for (JsonNode s : JSON.readTree(transport.execute(get(u)).body())) {
            out.add(ConnectorDbStream.from(new ConnectorDbPath(user, device, s.path("name").asText(), false), s));
        }
        return out;
    }

    /** Every stream of every device of a user the credential can read ({@code ?q=streams}). */
    public List<ConnectorDbStream> userStreams(String user) throws IOException {
        HttpUrl u = crudBase().addPathSegment(user).addQueryParameter("q", "streams")
            .addQueryParameter("public", "false").addQueryParameter("downlink", "false")
            .addQueryParameter("visible", "false").build();
        List<ConnectorDbStream> out = new ArrayList<>();
        for (JsonNode s : JSON.readTree(transport.execute(get(u)).body())) {
            out.add(ConnectorDbStream.from(new ConnectorDbPath(user, s.path("device").asText(),
                s.path("name").asText(), false), s));
        }
        return out;
    }

    /** Creates a stream with a JSON Schema (sent as a string, as the server requires). */
    public ConnectorDbStream createStream(ConnectorDbPath path, JsonNode schema, boolean downlink) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", JSON.writeValueAsString(schema == null ? JSON.createObjectNode() : schema));
        body.put("downlink", downlink);
        byte[] out = transport.execute(new Request.Builder().url(crud(path.main()).build())
            .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build(), RetryMode.NO_RETRY).body();
        return ConnectorDbStream.from(path, JSON.readTree(out));
    }

    /** The number of datapoints stored in the stream (or its downlink substream). */
    public long length(ConnectorDbPath path) throws IOException {
        HttpUrl u = data(path).addQueryParameter("q", "length").build();
        String text = transport.execute(get(u)).bodyText().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("ConnectorDB answered a length query with '" + abbreviate(text) + "'", e);
        }
    }

    /** The datapoints at indices {@code [i1, i2)}; negative indices count from the end, {@code i2 = 0} is the end. */
    public List<ConnectorDbPoint> read(ConnectorDbPath path, long i1, long i2) throws IOException {
        HttpUrl u = data(path).addQueryParameter("i1", Long.toString(i1)).addQueryParameter("i2", Long.toString(i2))
            .build();
        return points(transport.execute(get(u)).body());
    }

    /**
     * The first {@code limit} datapoints with {@code t1 < t <= t2} (ConnectorDB's time ranges are open at the
     * start).
     */
    public List<ConnectorDbPoint> readTimes(ConnectorDbPath path, double t1, double t2, int limit)
        throws IOException {
        HttpUrl u = data(path).addQueryParameter("t1", seconds(t1)).addQueryParameter("t2", seconds(t2))
            .addQueryParameter("limit", Integer.toString(limit)).build();
        return points(transport.execute(get(u)).body());
    }

    /**
     * Inserts datapoints (sorted by {@code t}) in one request, all or nothing. Sent once ({@link RetryMode#NO_RETRY}):
     * an insert is not idempotent, so the caller learns what landed before sending again.
     *
     * @param restamp false for POST (a point older than the stream's end is refused), true for PUT (such points
     *                are moved up to the end)
     */
    public void insert(ConnectorDbPath path, List<ConnectorDbPoint> points, boolean restamp) throws IOException {
        ArrayNode body = JSON.createArrayNode();
        points.forEach(p -> body.add(p.toJson()));
        RequestBody rb = RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
        Request.Builder r = new Request.Builder().url(crud(path.main()).addPathSegment("data").build());
        transport.execute(restamp ? r.put(rb).build() : r.post(rb).build(), RetryMode.NO_RETRY);
    }

    /** ConnectorDB's error message ({@code msg} of {@code {"code","msg","ref"}}) from a failed call, or the body. */
    public static String describe(HttpStatusException e) {
        try {
            JsonNode err = JSON.readTree(e.body());
            if (err != null && err.has("msg")) {
                return err.path("msg").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not ConnectorDB's envelope
        }
        return "HTTP " + e.status() + " " + abbreviate(e.body());
    }

    /** Renders a timestamp so the server's float parser reads it back exactly. */
    static String seconds(double t) {
        return java.math.BigDecimal.valueOf(t).toPlainString();
    }

    private static List<ConnectorDbPoint> points(byte[] body) throws IOException {
        JsonNode array = JSON.readTree(body);
        List<ConnectorDbPoint> out = new ArrayList<>(array == null ? 0 : array.size());
        if (array != null) {
            for (JsonNode p : array) {
                out.add(ConnectorDbPoint.from(p));
            }
        }
        return out;
    }

    private static Request get(HttpUrl u) {
        return new Request.Builder().url(u).get().build();
    }

    private HttpUrl.Builder crudBase() {
        return api.newBuilder().addPathSegment("crud");
    }

    private HttpUrl.Builder crud(ConnectorDbPath path) {
        return crudBase().addPathSegment(path.user()).addPathSegment(path.device()).addPathSegment(path.stream());
    }

    private HttpUrl.Builder data(ConnectorDbPath path) {
        HttpUrl.Builder b = crud(path.main()).addPathSegment("data");
        if (path.downlink()) {
            b.addQueryParameter("downlink", "true");
        }
        return b;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
