package io.datapoint.connect.core.http;

import okhttp3.Headers;

import java.nio.charset.StandardCharsets;

/** Outcome of one HTTP exchange with a 2xx status; the body is read completely (and bounded). */
public record HttpResult(int status, Headers headers, byte[] body) {

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
