package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** A plain OkHttp client for the simulator tests: no redirects followed, no transparent retries. */
final class CdbTestClient {
    static final MediaType JSON = MediaType.get("application/json");

    final OkHttpClient http;
    private final String base;

    CdbTestClient(String baseUrl) {
        this(baseUrl, new OkHttpClient.Builder().followRedirects(false).retryOnConnectionFailure(false)
                .readTimeout(Duration.ofSeconds(10)).build());
    }

    CdbTestClient(String baseUrl, OkHttpClient http) {
        this.base = baseUrl;
        this.http = http;
    }

    record Reply(int code, String body, Headers headers) {
        JsonNode json() {
            try {
                return GoJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String contentType() {
            return headers.get("Content-Type");
        }
    }

    static String keyAuth(String apiKey) {
        return Credentials.basic("", apiKey);
    }

    static String userAuth(String user, String password) {
        return Credentials.basic(user, password);
    }

    Reply get(String pathAndQuery, String authorization) {
        return call("GET", pathAndQuery, authorization, null);
    }

    /** {@code pathAndQuery} is relative to the base URL, e.g. {@code /api/v1/crud/u/d/s/data?i1=0&i2=0}. */
    Reply call(String method, String pathAndQuery, String authorization, String body) {
        try (Response r = execute(method, pathAndQuery, authorization, body)) {
            return new Reply(r.code(), r.body().string(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response execute(String method, String pathAndQuery, String authorization, String body) throws IOException {
        Request.Builder b = new Request.Builder().url(base + pathAndQuery);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? (method.equals("GET") || method.equals("DELETE") ? null
                : RequestBody.create(new byte[0], JSON)) : RequestBody.create(body, JSON));
        return http.newCall(b.build()).execute();
    }
}
