package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datapoint.connect.core.http.HttpResult;
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
 * Typed calls to the flowthings REST API ({@code /v<version>/<account>/...}) and its websocket session host. Every
 * answer is the {head, body} envelope; the body is returned. Drops are always read with {@code hints=0} (plain
 * elems in both API eras) and in ascending creationDate order.
 */
final class FlowthingsClient {

    // the fast double parser reads datapoint numbers to the same doubles as the JDK's, in a fraction of the time
    static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final HttpUrl api;
    private final HttpUrl ws;
    private final String version;
    private final String account;
    private final HttpTransport transport;

    FlowthingsClient(String apiUrl, String wsUrl, String version, String account, HttpTransport transport) {
        this.api = HttpUrl.get(apiUrl.trim().replaceAll("/+$", ""));
        this.ws = HttpUrl.get(wsUrl.trim().replaceAll("/+$", "").replaceFirst("^ws", "http"));
        this.version = version;
        this.account = account;
        this.transport = transport;
    }

    String account() {
        return account;
    }

    /** The API base and account, e.g. {@code https://api.flowthings.io/alice}: the server field of partitions. */
    String server() {
        return api + "/" + account;
    }

    private HttpUrl.Builder rest(String... segments) {
        HttpUrl.Builder b = api.newBuilder().addPathSegment("v" + version).addPathSegment(account);
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    /**
     * One page of a flow's drops, oldest first: {@code GET /drop/<flowId>?filter=..&sort=creationDate&order=asc
     * &start=..&limit=..&hints=0}.
     */
    List<FlowthingsDrop> findDrops(String flowId, String filter, int start, int limit) throws IOException {
        HttpUrl.Builder url = rest("drop", flowId);
        if (filter != null) {
            url.addQueryParameter("filter", filter);
        }
        url.addQueryParameter("sort", "creationDate").addQueryParameter("order", "asc")
            .addQueryParameter("start", Integer.toString(start)).addQueryParameter("limit", Integer.toString(limit))
            .addQueryParameter("hints", "0");
        JsonNode body = get(url.build());
        List<FlowthingsDrop> drops = new ArrayList<>();
        if (body != null && body.isArray()) {
            for (JsonNode d : body) {
                drops.add(FlowthingsDrop.parse(d, false));
            }
        }
        return drops;
    }

    /** The newest drop of a flow as the server types it by default (typed elems in API 0.1), or null. */
    JsonNode newestDropAsServed(String flowId) throws IOException {
        JsonNode body = get(rest("drop", flowId).addQueryParameter("sort", "creationDate")
            .addQueryParameter("order", "desc").addQueryParameter("limit", "1").build());
        return body != null && body.isArray() && body.size() > 0 ? body.get(0) : null;
    }

    /** A flow object by id. */
    JsonNode flow(String flowId) throws IOException {
        return get(rest("flow", flowId).build());
    }

    /** One page of the account's flows matching a filter (null for all). */
    List<JsonNode> flows(String filter, int start, int limit) throws IOException {
        HttpUrl.Builder url = rest("flow");
        if (filter != null) {
            url.addQueryParameter("filter", filter);
        }
        url.addQueryParameter("start", Integer.toString(start)).addQueryParameter("limit", Integer.toString(limit));
        JsonNode body = get(url.build());
        List<JsonNode> out = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(out::add);
        }
        return out;
    }

    /** The flow at exactly this path, or null: {@code GET /flow?filter=path=="<path>"}. */
    JsonNode flowByPath(String path) throws IOException {
        String quoted = "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        for (JsonNode f : flows("path == " + quoted, 0, 20)) {
            if (path.equals(f.path("path").asText())) {
                return f;
            }
        }
        return null;
    }

    /**
     * Creates a drop: {@code POST /drop/<flowId>} (or {@code POST /drop} with {@code path} in the body when flowId is
     * null). The transport retries transient failures; with an fhash in the body a retry cannot store it twice.
     *
     * @return the answer's body (the created drop; possibly empty or the earlier drop for a repeated fhash)
     */
    JsonNode createDrop(String flowId, JsonNode drop, RetryMode mode) throws IOException {
        HttpUrl url = flowId == null ? rest("drop").build() : rest("drop", flowId).build();
        Request request = new Request.Builder().url(url).header("Accept", "application/json")
            .post(RequestBody.create(JSON.writeValueAsBytes(drop), JSON_TYPE)).build();
        return envelope(transport.execute(request, mode), url);
    }

    /**
     * Creates a websocket session: {@code POST <ws>/session} with X-Auth-Account (X-Auth-Token comes from the
     * transport). Bad credentials answer 400 here, not 403.
     *
     * @return the session id
     */
    String createSession() throws IOException {
        HttpUrl url = ws.newBuilder().addPathSegment("session").build();
        Request request = new Request.Builder().url(url).header("X-Auth-Account", account)
            .header("Accept", "application/json").post(RequestBody.create(new byte[0], null)).build();
        JsonNode body = envelope(transport.execute(request, RetryMode.NO_RETRY), url);
        String id = body == null ? null : body.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IOException("flowthings answered POST " + url + " without a session id");
        }
        return id;
    }

    /** The websocket URL of a session: {@code ws(s)://<host>/session/<id>/ws}. */
    HttpUrl websocketUrl(String sessionId) {
        return ws.newBuilder().addPathSegment("session").addPathSegment(sessionId).addPathSegment("ws").build();
    }

    private JsonNode get(HttpUrl url) throws IOException {
        Request request = new Request.Builder().url(url).header("Accept", "application/json").get().build();
        return envelope(transport.execute(request), url);
    }

    private static JsonNode envelope(HttpResult result, HttpUrl url) throws IOException {
        JsonNode env;
        try {
            env = JSON.readTree(result.body());
        } catch (IOException e) {
            throw new IOException("flowthings answered " + url.encodedPath() + " with a body that is not JSON", e);
        }
        if (env == null || !env.isObject()) {
            return null;
        }
        JsonNode head = env.path("head");
        if (head.has("ok") && !head.get("ok").asBoolean()) {
            throw new IOException("flowthings answered " + url.encodedPath() + " with ok=false: " + errors(env));
        }
        return env.get("body");
    }

    private static String errors(JsonNode env) {
        JsonNode errors = env.path("head").path("errors");
        if (errors.isArray() && errors.size() > 0) {
            List<String> list = new ArrayList<>();
            errors.forEach(e -> list.add(e.asText()));
            return String.join("; ", list);
        }
        return "(no error message)";
    }

    /** The server's error message of a failed call (head.errors), else the status and body excerpt. */
    static String describe(HttpStatusException e) {
        try {
            JsonNode env = JSON.readTree(e.body());
            if (env != null && env.path("head").path("errors").size() > 0) {
                return "HTTP " + e.status() + ": " + errors(env);
            }
        } catch (IOException | RuntimeException ignored) {
            // not an envelope
        }
        return e.getMessage();
    }
}
