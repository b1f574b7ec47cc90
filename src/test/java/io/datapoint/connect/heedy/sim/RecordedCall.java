package io.datapoint.connect.heedy.sim;

import java.time.Instant;

/**
 * One request the simulator handled, for tests' ground truth.
 *
 * @param method HTTP method
 * @param path decoded path, e.g. {@code /api/objects/<id>/timeseries}
 * @param query raw (encoded) query string or {@code ""}; an {@code access_token} value is replaced by {@code REDACTED}
 * @param status the status answered, or {@code -1} when the connection was cut before any status was sent
 * @param fault the injected fault that shaped this answer ({@code null} when none)
 * @param at when the request was handled
 */
public record RecordedCall(String method, String path, String query, int status, String fault, Instant at) {}
