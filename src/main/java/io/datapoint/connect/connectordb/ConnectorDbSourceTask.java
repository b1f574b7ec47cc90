package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MeteredPushListener;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushSettings;
import io.datapoint.connect.core.source.EngineSourceTask;
import io.datapoint.connect.core.source.PushPacedListener;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the ConnectorDB streams assigned to it: wires the core source engine to index reads and the websocket. */
public final class ConnectorDbSourceTask extends EngineSourceTask<ConnectorDbCursor> {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDbSourceTask.class);

    private ConnectorDbSourceConfig config;
    private HttpTransport transport;
    private ConnectorDbClient client;
    private String label;
    private ConnectorMetrics metrics;
    private ConnectorDbEvents events;

    public ConnectorDbSourceTask() {
        super("ConnectorDB", "connectordb");
    }

    @Override
    protected Setup<ConnectorDbCursor> setup(Map<String, String> props, String label, ConnectorMetrics metrics) {
        this.label = label;
        this.metrics = metrics;
        config = new ConnectorDbSourceConfig(props);
        transport = ConnectorDbConnection.transport(config, new MetricsHttpObserver(metrics));
        String url = config.getString(ConnectorDbConnection.URL).trim().replaceAll("/+$", "");
        client = new ConnectorDbClient(url, transport);
        return new Setup<>(url, new ConnectorDbOffsets(), config.engineSettings(), List.of(transport));
    }

    @Override
    protected List<ConnectorDbStreamReader> readers(List<String> streams, SourceEngine<ConnectorDbCursor> engine) {
        List<ConnectorDbPath> paths = new ArrayList<>();
        try {
            streams.forEach(p -> paths.add(ConnectorDbPath.parse(p, true)));
        } catch (IllegalArgumentException e) {
            throw new ConnectException(label + ": the task's stream list is malformed: " + e.getMessage(), e);
        }
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean typed = SourceCommonConfig.typed(config);
        boolean latest = "latest".equals(config.getString(ConnectorDbSourceConfig.START_POSITION));
        events = new ConnectorDbEvents(label, engine, paths.stream().map(Object::toString).toList());
        List<ConnectorDbStreamReader> readers = new ArrayList<>();
        for (ConnectorDbPath path : paths) {
            JsonNode schema = describe(path);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("user", path.user());
            attributes.put("device", path.device());
            attributes.put("stream", path.stream());
            attributes.put("downlink", path.downlink() ? ".downlink" : "");
            ConnectorDbRecords records = new ConnectorDbRecords(path, schema, topics.topic(attributes), typed);
            readers.add(new ConnectorDbStreamReader(label, client, path, records, latest, metrics, events));
        }
        return readers;
    }

    /** The stream's JSON Schema, or null (untyped) when it cannot be described now. */
    private JsonNode describe(ConnectorDbPath path) {
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
    protected List<AutoCloseable> startPush(SourceEngine<ConnectorDbCursor> engine, ConnectorMetrics metrics) {
        if (!config.getBoolean(ConnectorDbSourceConfig.WEBSOCKET_ENABLED)) {
            return List.of();
        }
        PushSettings push = new PushSettings(
            Duration.ofMillis(config.getLong(ConnectorDbSourceConfig.WEBSOCKET_PING_INTERVAL_MS)), null, null,
            Duration.ofSeconds(1), Duration.ofSeconds(60));
        PushChannel websocket = new PushChannel(transport.client(), new Request.Builder().url(client.websocketUrl())
            .header("Upgrade", "websocket").build(),
            new PushPacedListener(new MeteredPushListener(events, metrics, "websocket"), engine), push);
        websocket.start();
        return List.of(websocket);
    }
}
