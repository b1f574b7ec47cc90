package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MeteredPushListener;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushSettings;
import io.datapoint.connect.core.source.SourceEngine;
import io.datapoint.connect.core.source.TopicTemplate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the ConnectorDB streams assigned to it: wires the core source engine to index reads and the websocket. */
public final class ConnectorDbSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDbSourceTask.class);

    private ConnectorMetrics metrics;
    private HttpTransport transport;
    private SourceEngine<ConnectorDbCursor> engine;
    private PushChannel websocket;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        ConnectorDbSourceConfig config = new ConnectorDbSourceConfig(props);
        String label = "ConnectorDB source '" + props.getOrDefault("name", "?") + "' ("
            + Thread.currentThread().getName() + ")";
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        transport = ConnectorDbConnection.transport(config, new MetricsHttpObserver(metrics));
        String url = config.getString(ConnectorDbConnection.URL).trim().replaceAll("/+$", "");
        ConnectorDbClient client = new ConnectorDbClient(url, transport);
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean typed = SourceCommonConfig.typed(config);
        boolean latest = "latest".equals(config.getString(ConnectorDbSourceConfig.START_POSITION));
        List<ConnectorDbPath> paths = new ArrayList<>();
        try {
            for (String p : ConnectorDbClient.JSON.readValue(config.getString(ConnectorDbSourceConfig.TASK_STREAMS),
                new TypeReference<List<String>>() { })) {
                paths.add(ConnectorDbPath.parse(p, true));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException(label + ": the task's stream list is malformed: " + e.getMessage(), e);
        }

        engine = new SourceEngine<>(label, "connectordb", url, new ConnectorDbOffsets(), config.engineSettings(),
            metrics);
        ConnectorDbEvents events = new ConnectorDbEvents(label, engine, paths.stream().map(Object::toString)
            .toList());
        Map<String, ConnectorDbStreamReader> readers = new LinkedHashMap<>();
        for (ConnectorDbPath path : paths) {
            JsonNode schema = describe(client, path, label);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("user", path.user());
            attributes.put("device", path.device());
            attributes.put("stream", path.stream());
            attributes.put("downlink", path.downlink() ? ".downlink" : "");
            ConnectorDbRecords records = new ConnectorDbRecords(path, schema, topics.topic(attributes), typed);
            readers.put(path.toString(), new ConnectorDbStreamReader(label, client, path, records, latest, metrics,
                events));
        }
        engine.start(readers.values(), context == null ? null : context.offsetStorageReader());

        if (config.getBoolean(ConnectorDbSourceConfig.WEBSOCKET_ENABLED) && !readers.isEmpty()) {
            PushSettings push = new PushSettings(
                Duration.ofMillis(config.getLong(ConnectorDbSourceConfig.WEBSOCKET_PING_INTERVAL_MS)), null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(60));
            websocket = new PushChannel(transport.client(), new Request.Builder().url(client.websocketUrl())
                .header("Upgrade", "websocket").build(), new MeteredPushListener(events, metrics, "websocket"), push);
            websocket.start();
        }
        log.info("{}: reading {} streams", label, readers.size());
    }

    /** The stream's JSON Schema, or null (untyped) when it cannot be described now. */
    private static JsonNode describe(ConnectorDbClient client, ConnectorDbPath path, String label) {
        try {
            return client.stream(path).schema();
        } catch (HttpStatusException e) {
            if (e.status() == 401) {
                throw new ConnectException(label + ": ConnectorDB rejected the credential ("
                    + ConnectorDbClient.describe(e) + "). Check connectordb.apikey, or connectordb.user and"
                    + " connectordb.password.", e);
            }
            log.warn("{}: ConnectorDB stream {} cannot be described ({}); its data is delivered as JSON text until"
                + " the task restarts", label, path, ConnectorDbClient.describe(e));
            return null;
        } catch (IOException e) {
            throw new ConnectException(label + ": cannot reach ConnectorDB to describe stream " + path + ": " + e, e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return engine.poll();
    }

    @Override
    public void stop() {
        // the websocket shares the transport's client: close it first
        Closeables.closeAll(websocket, engine, transport, metrics);
    }
}
