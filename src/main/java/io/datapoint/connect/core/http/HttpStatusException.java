package io.datapoint.connect.core.http;

import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A non-2xx answer (after retries when it was retriable). The message holds the method, the URL
 * without query string or user info (they may carry secrets), the status and at most 1 KiB of the
 * body.
 */
public final class HttpStatusException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Longest body excerpt in the message. */
    static final int MESSAGE_SNIPPET_CHARS = 1024;

    private final int status;
    private final String method;
    private final String url;
    private final String body;
    private final transient Headers headers;

    public HttpStatusException(
            String method, HttpUrl url, int status, Headers headers, String body) {
        super(message(method, safeUrl(url), status, body));
        this.status = status;
        this.method = method;
        this.url = safeUrl(url);
        this.body = body == null ? "" : body;
        this.headers = headers == null ? Headers.of() : headers;
    }

    public int status() {
        return status;
    }

    public String method() {
        return method;
    }

    /** The URL without query string, fragment or user info. */
    public String url() {
        return url;
    }

    /** The body text (bounded). */
    public String body() {
        return body;
    }

    /** The response headers. */
    public Headers headers() {
        return headers;
    }

    /** True for 408, 429 and 5xx except 501. */
    public boolean retriable() {
        return isRetriableStatus(status);
    }

    /** The server's Retry-After, when present and parseable. */
    public Optional<Duration> retryAfter(Clock clock) {
        return RetryAfter.parse(headers.get("Retry-After"), clock);
    }

    static boolean isRetriableStatus(int status) {
        return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501);
    }

    /** Scheme, host, port and path: what is safe to print. */
    static String safeUrl(HttpUrl url) {
        if (url == null) {
            return "";
        }
        return url.newBuilder()
                .query(null)
                .fragment(null)
                .username("")
                .password("")
                .build()
                .toString();
    }

    private static String message(String method, String url, int status, String body) {
        StringBuilder sb =
                new StringBuilder()
                        .append(method)
                        .append(' ')
                        .append(url)
                        .append(" answered HTTP ")
                        .append(status);
        if (body != null && !body.isBlank()) {
            String trimmed = body.strip();
            sb.append(": ");
            if (trimmed.length() > MESSAGE_SNIPPET_CHARS) {
                sb.append(trimmed, 0, MESSAGE_SNIPPET_CHARS).append("...");
            } else {
                sb.append(trimmed);
            }
        }
        return sb.toString();
    }
}
