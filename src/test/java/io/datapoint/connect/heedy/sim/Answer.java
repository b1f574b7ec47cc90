package io.datapoint.connect.heedy.sim;

import java.nio.charset.StandardCharsets;
import okhttp3.WebSocketListener;

/**
 * What the API decided to answer, before transport details (gzip, faults) are applied.
 *
 * @param webSocket non-null for an accepted websocket upgrade
 * @param gzipAllowed whether heedy would gzip this body when the client accepts it (timeseries reads)
 * @param chunked whether heedy streams this body (no Content-Length)
 */
record Answer(int status, String contentType, byte[] body, WebSocketListener webSocket, boolean gzipAllowed,
    boolean chunked) {
  static final String JSON = "application/json; charset=utf-8";
  static final String OK_RESULT = "{\"result\":\"ok\"}";

  static Answer json(int status, String body) {
    return new Answer(status, JSON, body.getBytes(StandardCharsets.UTF_8), null, false, false);
  }

  static Answer ok() {
    return json(200, OK_RESULT);
  }

  static Answer text(String body) {
    return new Answer(200, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), null, false, false);
  }

  static Answer stream(String body) {
    return new Answer(200, JSON, body.getBytes(StandardCharsets.UTF_8), null, true, true);
  }

  static Answer upgrade(WebSocketListener listener) {
    return new Answer(101, null, new byte[0], listener, false, false);
  }

  static Answer error(HeedyError e, String requestId) {
    StringBuilder b = new StringBuilder(96).append("{\"error\":");
    GoJson.writeString(b, e.code);
    b.append(",\"error_description\":");
    GoJson.writeString(b, e.description);
    if (requestId != null) {
      b.append(",\"id\":");
      GoJson.writeString(b, requestId);
    }
    return json(e.status, b.append('}').toString());
  }
}
