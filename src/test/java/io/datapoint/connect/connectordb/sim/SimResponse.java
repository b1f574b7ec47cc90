package io.datapoint.connect.connectordb.sim;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An HTTP answer before it becomes a MockResponse; {@code actor} is kept for the call log. */
record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers, String actor) {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    static SimResponse text(String s) {
        return new SimResponse(200, TEXT, s.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    /** The plain {@code ok} of mutations: two bytes, no JSON content type. */
    static SimResponse ok() {
        return text("ok");
    }

    static SimResponse json(String s) {
        return json(s.getBytes(StandardCharsets.UTF_8));
    }

    static SimResponse json(byte[] bytes) {
        return new SimResponse(200, JSON, bytes, Map.of(), null);
    }

    /** The envelope {@code {"code":N,"msg":"...","ref":"<uuid>"}} with its no-store cache header. */
    static SimResponse error(int status, String msg) {
        String body = GoJson.MAPPER.createObjectNode()
                .put("code", status).put("msg", msg).put("ref", UUID.randomUUID().toString()).toString();
        return new SimResponse(status, JSON, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store, must-revalidate"), null);
    }

    static SimResponse redirect(String location) {
        String body = "<a href=\"" + location + "\">Moved Permanently</a>.\n\n";
        return new SimResponse(301, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Location", location), null);
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SimResponse(status, contentType, body, h, actor);
    }

    SimResponse withActor(String actorPath) {
        return new SimResponse(status, contentType, body, headers, actorPath);
    }
}
