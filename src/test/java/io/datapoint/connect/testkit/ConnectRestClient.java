package io.datapoint.connect.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small client for the Kafka Connect REST API, the same calls a user makes with curl. Works against an embedded
 * worker ({@link ConnectCluster}) and a worker process ({@link KafkaProcesses}) alike.
 */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the worker's REST root, e.g. {@code http://localhost:8083/} */
    public ConnectRestClient(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** The REST root this client talks to. */
    public URI base() {
        return base;
    }

    /** A connector's state and its tasks' states, from {@code GET /connectors/{name}/status}. */
    public record ConnectorState(String connector, List<String> tasks, List<String> traces) {

        /** True when the connector and exactly {@code n} tasks are RUNNING. */
        public boolean runningWith(int n) {
            return "RUNNING".equals(connector) && tasks.size() == n && tasks.stream().allMatch("RUNNING"::equals);
        }
    }

    /**
     * The outcome of {@code PUT /connector-plugins/{class}/config/validate}.
     *
     * @param errorCount the total number of errors the worker reported
     * @param errors     field name to its error messages, only for fields that have errors
     */
    public record ConfigValidation(int errorCount, Map<String, List<String>> errors) {

        /** The errors reported for one field (empty if none). */
        public List<String> errorsFor(String field) {
            return errors.getOrDefault(field, List.of());
        }
    }

    /** Thrown when the worker answers with a status other than the one expected. */
    public static final class RestException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        RestException(String method, String path, int status, String body) {
            super(method + " " + path + " answered " + status + ": " + abbreviate(body));
            this.status = status;
        }

        /** The HTTP status the worker answered. */
        public int status() {
            return status;
        }

        private static String abbreviate(String body) {
            return body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
        }
    }

    /** {@code GET /}: the worker's Kafka version. */
    public String version() {
        return get("").path("version").asText();
    }

    /** {@code GET /health}: true when the worker answers 200 (it is started and has joined its cluster). */
    public boolean healthy() {
        try {
            return send("GET", "health", null).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** {@code GET /connectors}. */
    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        get("connectors").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code GET /connector-plugins?connectorsOnly=true}: the connector classes the worker can load. */
    public List<String> connectorPlugins() {
        List<String> classes = new ArrayList<>();
        get("connector-plugins?connectorsOnly=true").forEach(p -> classes.add(p.path("class").asText()));
        return classes;
    }

    /** {@code GET /connector-plugins?connectorsOnly=true}: connector class to its type ({@code source} or {@code sink}). */
    public Map<String, String> connectorPluginTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        get("connector-plugins?connectorsOnly=true").forEach(p -> types.put(p.path("class").asText(), p.path("type").asText()));
        return types;
    }

    /** {@code PUT /connectors/{name}/config}: creates the connector or replaces its config. */
    public void putConnectorConfig(String name, Map<String, String> config) {
        call("PUT", "connectors/" + encode(name) + "/config", config, 200, 201);
    }

    /** Deploys {@code connector} exactly as its JSON says, through {@code PUT /connectors/{name}/config}. */
    public void deploy(ConnectorJson connector) {
        putConnectorConfig(connector.name(), connector.config());
    }

    /** {@code GET /connectors/{name}/status}; empty when the worker does not know the connector (yet). */
    public Optional<ConnectorState> status(String name) {
        HttpResponse<String> response = send("GET", "connectors/" + encode(name) + "/status", null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode body = check("GET", "connectors/" + name + "/status", response, 200);
        List<String> tasks = new ArrayList<>();
        List<String> traces = new ArrayList<>();
        addTrace(traces, body.path("connector"));
        for (JsonNode task : body.path("tasks")) {
            tasks.add(task.path("state").asText());
            addTrace(traces, task);
        }
        return Optional.of(new ConnectorState(body.path("connector").path("state").asText(), tasks, traces));
    }

    /** Waits until the connector and exactly {@code tasks} tasks are RUNNING; fails fast if any of them FAILED. */
    public ConnectorState awaitRunning(String name, int tasks, Duration timeout) {
        return awaitRunning(name, "RUNNING with " + tasks + " task(s)", s -> s.runningWith(tasks), timeout);
    }

    /** Waits until the connector and all of its tasks, at least one, are RUNNING; fails fast if any FAILED. */
    public ConnectorState awaitRunning(String name, Duration timeout) {
        return awaitRunning(name, "RUNNING with its tasks", s -> !s.tasks().isEmpty() && s.runningWith(s.tasks().size()), timeout);
    }

    private ConnectorState awaitRunning(String name, String what, java.util.function.Predicate<ConnectorState> done,
                                        Duration timeout) {
        return await("connector " + name + " " + what)
                .atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Optional<ConnectorState> state = status(name);
                    state.ifPresent(s -> {
                        if ("FAILED".equals(s.connector()) || s.tasks().contains("FAILED")) {
                            throw new IllegalStateException("connector " + name + " failed: " + s);
                        }
                    });
                    return state;
                }, s -> s.isPresent() && done.test(s.get())).orElseThrow();
    }

    /** Waits until the connector reports {@code state} (e.g. STOPPED, PAUSED). */
    public void awaitState(String name, String state, Duration timeout) {
        await("connector " + name + " " + state).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> status(name).map(ConnectorState::connector).orElse(""), state::equals);
    }

    /**
     * {@code PUT /connector-plugins/{class}/config/validate}, with {@code connector.class} added to the config.
     * Unresolved {@code ${env:...}} references are resolved by the worker like at deployment.
     */
    public ConfigValidation validate(String connectorClass, Map<String, String> config) {
        JsonNode result = validateResponse(connectorClass, config);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode config1 : result.path("configs")) {
            JsonNode value = config1.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(e -> messages.add(e.asText()));
            if (!messages.isEmpty()) {
                errors.put(value.path("name").asText(), List.copyOf(messages));
            }
        }
        return new ConfigValidation(result.path("error_count").asInt(), Map.copyOf(errors));
    }

    /** The whole answer of {@code PUT /connector-plugins/{class}/config/validate}, every field's value included. */
    public JsonNode validateResponse(String connectorClass, Map<String, String> config) {
        Map<String, String> body = new LinkedHashMap<>(config);
        body.putIfAbsent("connector.class", connectorClass);
        return call("PUT", "connector-plugins/" + encode(connectorClass) + "/config/validate", body, 200);
    }

    /** Validates a connector JSON (its name included) as {@link #validate(String, Map)} does. */
    public ConfigValidation validate(ConnectorJson connector) {
        Map<String, String> config = new LinkedHashMap<>(connector.config());
        config.putIfAbsent("name", connector.name());
        return validate(connector.connectorClass(), config);
    }

    /** {@code PUT /connectors/{name}/stop}: required before altering or resetting offsets. */
    public void stop(String name) {
        call("PUT", "connectors/" + encode(name) + "/stop", null, 202, 204);
    }

    /** {@code PUT /connectors/{name}/pause}. */
    public void pause(String name) {
        call("PUT", "connectors/" + encode(name) + "/pause", null, 202);
    }

    /** {@code PUT /connectors/{name}/resume}. */
    public void resume(String name) {
        call("PUT", "connectors/" + encode(name) + "/resume", null, 202, 204);
    }

    /** {@code POST /connectors/{name}/restart?includeTasks=true}: restarts the connector and all its tasks. */
    public void restart(String name) {
        call("POST", "connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=false", null, 202, 204);
    }

    /** {@code DELETE /connectors/{name}}. */
    public void delete(String name) {
        call("DELETE", "connectors/" + encode(name), null, 204);
    }

    /** {@code GET /connectors/{name}/topics}: the topics the connector has used since it was created. */
    public List<String> activeTopics(String name) {
        JsonNode body = get("connectors/" + encode(name) + "/topics");
        List<String> topics = new ArrayList<>();
        body.path(name).path("topics").forEach(t -> topics.add(t.asText()));
        return topics;
    }

    /** {@code GET /connectors/{name}/offsets}: the {@code offsets} array, each {@code {partition, offset}}. */
    public JsonNode offsets(String name) {
        return get("connectors/" + encode(name) + "/offsets").path("offsets");
    }

    /**
     * {@code PATCH /connectors/{name}/offsets} for one source partition. The connector must be STOPPED
     * ({@link #stop(String)}) first, as Kafka requires.
     *
     * @param offset the new offset; null removes the partition's offset
     */
    public String alterSourceOffset(String name, Map<String, ?> partition, Map<String, ?> offset) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("partition", partition);
        entry.put("offset", offset);
        return call("PATCH", "connectors/" + encode(name) + "/offsets",
                Map.of("offsets", List.of(entry)), 200).path("message").asText();
    }

    /** {@code DELETE /connectors/{name}/offsets}: forgets every offset (connector must be STOPPED). */
    public String resetOffsets(String name) {
        return call("DELETE", "connectors/" + encode(name) + "/offsets", null, 200).path("message").asText();
    }

    /** {@code GET path} expecting 200, as JSON. */
    public JsonNode get(String path) {
        return call("GET", path, null, 200);
    }

    private JsonNode call(String method, String path, Object body, int... expected) {
        return check(method, path, send(method, path, body), expected);
    }

    private JsonNode check(String method, String path, HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                try {
                    return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new UncheckedIOException("unparseable answer to " + method + " " + path, e);
                }
            }
        }
        throw new RestException(method, path, response.statusCode(), response.body());
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, publisher)
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base.resolve(path) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void addTrace(List<String> traces, JsonNode node) {
        if (node.hasNonNull("trace")) {
            traces.add(node.path("trace").asText());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
