package io.datapoint.connect.iotile;

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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.apache.kafka.common.config.types.Password;

/**
 * Typed calls to the IOTile Cloud REST API under {@code /api/v1/}. Every path ends with a slash (the server
 * redirects anything else, and a redirected POST is lost). Lists come in DRF's page envelope
 * {@code {"count","next","previous","results"}}; {@code next} is an absolute URL that keeps the query. Auth is the
 * transport's interceptor; {@link #login} and {@link #refresh} go through a transport without one, since the login
 * endpoint answers 403 to a request that is already authenticated.
 */
public final class IotileClient {

    /** Shared JSON mapper. */
    // the fast double parser reads datapoint numbers to the same doubles as the JDK's, in a fraction of the time
    public static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** The largest page {@code /api/v1/data/} serves. */
    static final int MAX_DATA_PAGE = 10_000;
    /** The largest page {@code /api/v1/stream/} serves. */
    static final int MAX_STREAM_PAGE = 20_000;
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
        .withZone(ZoneOffset.UTC);

    private final HttpUrl api;
    private final HttpTransport transport;

    /** @param baseUrl the server, e.g. {@code https://iotile.cloud} (the API is under /api/v1/) */
    public IotileClient(String baseUrl, HttpTransport transport) {
        this.api = api(baseUrl);
        this.transport = transport;
    }

    static HttpUrl api(String baseUrl) {
        String b = baseUrl.trim();
        return HttpUrl.get(b.endsWith("/") ? b : b + "/").resolve("api/v1/");
    }

    /** The account the credential acts as ({@code GET /api/v1/account/}): proves URL and credential. */
    public JsonNode account() throws IOException {
        return JSON.readTree(transport.execute(get(api.resolve("account/"))).body());
    }

    /** A stream's metadata ({@code GET /api/v1/stream/{slug}/}), or null when the stream has no StreamId (404). */
    public JsonNode stream(String slug) throws IOException {
        try {
            return JSON.readTree(transport.execute(get(api.newBuilder().addPathSegment("stream").addPathSegment(slug)
                .addPathSegment("").build())).body());
        } catch (HttpStatusException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Every stream matching one filter of {@code GET /api/v1/stream/} (e.g. {@code project}, {@code device}). */
    public List<JsonNode> streams(String filter, String value) throws IOException {
        HttpUrl url = api.newBuilder().addPathSegment("stream").addPathSegment("").addQueryParameter(filter, value)
            .addQueryParameter("page_size", Integer.toString(MAX_STREAM_PAGE)).build();
        List<JsonNode> out = new ArrayList<>();
        while (url != null) {
            JsonNode page = JSON.readTree(transport.execute(get(url)).body());
            page.path("results").forEach(out::add);
            url = next(page);
        }
        return out;
    }

    /** A {@code GET /api/v1/data/?filter=<slug>} query to add parameters to. */
    HttpUrl.Builder dataQuery(String filter) {
        return api.newBuilder().addPathSegment("data").addPathSegment("").addQueryParameter("filter", filter);
    }

    /** One page of readings. */
    public Page data(HttpUrl url) throws IOException {
        JsonNode page = JSON.readTree(transport.execute(get(url)).body());
        List<IotileReading> results = new ArrayList<>();
        for (JsonNode r : page.path("results")) {
            results.add(IotileReading.from(r));
        }
        long count = page.path("count").asLong(results.size());
        HttpUrl next = next(page);
        if (next == null && !results.isEmpty()) {
            // a server (or proxy) that leaves out the link: the count still says whether another page exists
            int number = parsePositive(url.queryParameter("page"), 1);
            int size = parsePositive(url.queryParameter("page_size"), results.size());
            if ((long) number * size < count) {
                next = url.newBuilder().setQueryParameter("page", Integer.toString(number + 1)).build();
            }
        }
        return new Page(results, next, count);
    }

    private static int parsePositive(String text, int otherwise) {
        try {
            int n = text == null ? otherwise : Integer.parseInt(text);
            return n > 0 ? n : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * Posts readings as one array ({@code POST /api/v1/data/}), all or nothing; answered 201 {@code {"count": N}}.
     * Sent once ({@link RetryMode#NO_RETRY}): the server does not de-duplicate, so the caller looks at what landed
     * before sending again.
     */
    public void postData(ArrayNode readings) throws IOException {
        transport.execute(new Request.Builder().url(api.newBuilder().addPathSegment("data").addPathSegment("").build())
            .header("Accept", "application/json")
            .post(RequestBody.create(JSON.writeValueAsBytes(readings), JSON_TYPE)).build(), RetryMode.NO_RETRY);
    }

    /**
     * Logs in with e-mail and password ({@code POST /api/v1/auth/login/}) and returns the JWT.
     *
     * @param plain a transport that adds no Authorization header
     */
    public static String login(HttpTransport plain, String baseUrl, String email, Password password)
        throws IOException {
        ObjectNode body = JSON.createObjectNode().put("email", email).put("password", password.value());
        JsonNode answer = post(plain, api(baseUrl).resolve("auth/login/"), body);
        String jwt = answer.path("jwt").asText("");
        if (jwt.isEmpty()) {
            throw new IOException("IOTile's login answer carries no 'jwt'");
        }
        return jwt;
    }

    /**
     * Exchanges a still valid JWT for a fresh one ({@code POST /api/v1/auth/api-jwt-refresh/}). An expired token, or
     * one past its 180-day refresh limit, is answered 400: then log in again.
     */
    public static String refresh(HttpTransport plain, String baseUrl, String token) throws IOException {
        JsonNode answer = post(plain, api(baseUrl).resolve("auth/api-jwt-refresh/"),
            JSON.createObjectNode().put("token", token));
        String fresh = answer.path("token").asText("");
        if (fresh.isEmpty()) {
            throw new IOException("IOTile's token refresh answer carries no 'token'");
        }
        return fresh;
    }

    private static JsonNode post(HttpTransport plain, HttpUrl url, ObjectNode body) throws IOException {
        // login and refresh create nothing: safe to retry on a lost answer
        return JSON.readTree(plain.execute(new Request.Builder().url(url).header("Accept", "application/json")
            .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build()).body());
    }

    /** IOTile's error text: {@code detail}, a bare string, field errors, or the body. */
    public static String describe(HttpStatusException e) {
        try {
            JsonNode err = JSON.readTree(e.body());
            if (err != null && err.isTextual()) {
                return "HTTP " + e.status() + " " + err.asText();
            }
            if (err != null && err.has("detail")) {
                return "HTTP " + e.status() + " " + err.path("detail").asText();
            }
            if (err != null && (err.isObject() || err.isArray())) {
                return "HTTP " + e.status() + " " + fieldErrors(err);
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON
        }
        String body = e.body() == null ? "" : e.body();
        return "HTTP " + e.status() + (body.isBlank() ? "" : " " + (body.length() > 300 ? body.substring(0, 300)
            + "..." : body));
    }

    /** DRF validation errors as text: {@code field: message; ...}, per item for an array. */
    static String fieldErrors(JsonNode err) {
        if (err.isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < err.size(); i++) {
                JsonNode item = err.get(i);
                if (item.isObject() && item.size() > 0 || item.isTextual()) {
                    items.add("item " + i + ": " + fieldErrors(item));
                }
            }
            return String.join("; ", items);
        }
        if (err.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = err.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                List<String> messages = new ArrayList<>();
                if (f.getValue().isArray()) {
                    f.getValue().forEach(m -> messages.add(m.asText()));
                } else {
                    messages.add(f.getValue().asText());
                }
                parts.add(f.getKey() + ": " + String.join(" ", messages));
            }
            return String.join("; ", parts);
        }
        return err.asText();
    }

    /** An epoch second as IOTile writes times, {@code 2024-05-01T12:00:00Z}. */
    static String isoSecond(long epochSecond) {
        return SECOND.format(Instant.ofEpochSecond(epochSecond));
    }

    /** A time from IOTile (whole seconds with Z; older servers add microseconds), truncated to its second. */
    static long parseSecond(String text) {
        long fast = utcSecond(text);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toEpochSecond();
        } catch (DateTimeParseException e) {
            // the server's TIME_ZONE is UTC: a naive time is UTC
            return LocalDateTime.parse(text).toEpochSecond(ZoneOffset.UTC);
        }
    }

    /**
     * The epoch second of the form IOTile writes on every reading, {@code 2024-05-01T12:00:00Z} with an optional
     * fraction of 1 to 9 digits, read without a {@code DateTimeFormatter} (which costs microseconds per reading);
     * {@link Long#MIN_VALUE} for any other form, which {@link #parseSecond} leaves to the formatter.
     */
    private static long utcSecond(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
            || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        if (n > 20 && (s.charAt(19) != '.' || n - 21 < 1 || n - 21 > 9 || digits(s, 20, n - 21) < 0)) {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month)
            .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
    }

    /** The value of {@code count} ASCII digits from {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private HttpUrl next(JsonNode page) {
        JsonNode next = page.get("next");
        if (next == null || next.isNull() || next.asText().isEmpty()) {
            return null;
        }
        HttpUrl absolute = HttpUrl.parse(next.asText());
        if (absolute == null) {
            return api.resolve(next.asText());
        }
        // keep the configured scheme, host and port: the token must not follow a link to another host
        return api.newBuilder().encodedPath(absolute.encodedPath()).encodedQuery(absolute.encodedQuery()).build();
    }

    private static Request get(HttpUrl u) {
        return new Request.Builder().url(u).header("Accept", "application/json").get().build();
    }

    /** One page of readings and the URL of the next ({@code null} at the end). */
    public record Page(List<IotileReading> results, HttpUrl next, long count) {
    }
}
