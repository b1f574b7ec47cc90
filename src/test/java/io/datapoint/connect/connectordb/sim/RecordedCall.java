package io.datapoint.connect.connectordb.sim;

import java.time.Instant;

/**
 * One request the simulator received, for tests' ground truth. Websocket text messages from clients are recorded
 * too, with method {@code "WS"} and the message as {@code body}.
 *
 * @param method HTTP method, or {@code "WS"}
 * @param path   decoded request path, e.g. {@code /api/v1/crud/u/d/s/data}
 * @param query  raw query string or {@code null}
 * @param actor  device path the request authenticated as ({@code nobody} when anonymous, {@code null} if auth failed
 *               or was not reached)
 * @param status HTTP status sent; 0 when the connection was cut instead
 * @param fault  name of the injected fault that applied, or {@code null}
 * @param body   request body as text, cut to {@value ConnectorDbSimulator#LOGGED_BODY_CHARS} characters
 */
public record RecordedCall(Instant at, String method, String path, String query, String actor, int status,
                           String fault, String body) {
}
