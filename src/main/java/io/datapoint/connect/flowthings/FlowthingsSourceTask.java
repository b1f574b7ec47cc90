package io.datapoint.connect.flowthings;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the flowthings flows assigned to it: the core source engine over REST catch-up plus one websocket. */
public final class FlowthingsSourceTask extends EngineSourceTask<FlowthingsCursor> {

    private static final Logger log = LoggerFactory.getLogger(FlowthingsSourceTask.class);

    private FlowthingsSourceConfig config;
    private HttpTransport transport;
    private FlowthingsClient client;
    private String label;
    private ConnectorMetrics metrics;
    private final Map<String, FlowthingsStreamReader> readers = new LinkedHashMap<>();

    public FlowthingsSourceTask() {
        super("flowthings", "flowthings");
    }

    @Override
    protected Setup<FlowthingsCursor> setup(Map<String, String> props, String label, ConnectorMetrics metrics) {
        this.label = label;
        this.metrics = metrics;
        config = new FlowthingsSourceConfig(props);
        transport = FlowthingsConnection.transport(config, new MetricsHttpObserver(metrics));
        client = FlowthingsConnection.client(config, transport, config.getString(FlowthingsConnection.WS_URL));
        return new Setup<>(client.server(), new FlowthingsOffsets(), config.engineSettings(), List.of(transport));
    }

    @Override
    protected List<FlowthingsStreamReader> readers(List<String> streams, SourceEngine<FlowthingsCursor> engine) {
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean typed = SourceCommonConfig.typed(config);
        JsonNode configured = FlowthingsSourceConfig.parseSchema(config.getString(FlowthingsSourceConfig.ELEMS_SCHEMA));
        for (String flowId : streams) {
            String path = describe(flowId);
            JsonNode schema = configured;
            if (schema == null && typed && "0.1".equals(config.getString(FlowthingsConnection.API_VERSION))) {
                schema = typedSchema(flowId);
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            String trimmed = path.replaceAll("^/+", "");
            attributes.put("id", flowId);
            attributes.put("path", trimmed.replace('/', '.'));
            attributes.put("name", trimmed.substring(trimmed.lastIndexOf('/') + 1));
            attributes.put("account", client.account());
            FlowthingsRecords records = new FlowthingsRecords(flowId, path, topics.topic(attributes), schema, typed);
            readers.put(flowId, new FlowthingsStreamReader(label, client, flowId, path, records,
                config.readerSettings(), metrics.stream(flowId)));
        }
        return List.copyOf(readers.values());
    }

    /** The flow's path; its id when the flow cannot be read now (the engine parks it until it can). */
    private String describe(String flowId) {
        try {
            return client.flow(flowId).path("path").asText(flowId);
        } catch (HttpStatusException e) {
            if (e.status() == 403) {
                throw new ConnectException(label + ": flowthings refused the credentials ("
                    + FlowthingsClient.describe(e) + "). Check flowthings.account and flowthings.token.", e);
            }
            log.warn("{}: flowthings flow {} cannot be described ({})", label, flowId, FlowthingsClient.describe(e));
            return flowId;
        } catch (IOException e) {
            throw new ConnectException(label + ": cannot reach flowthings to describe flow " + flowId + ": " + e, e);
        }
    }

    /** API 0.1: a JSON Schema from the types of the flow's newest drop, or null. */
    private JsonNode typedSchema(String flowId) {
        try {
            JsonNode drop = client.newestDropAsServed(flowId);
            return drop == null ? null : FlowthingsRecords.schemaOfTyped(drop.get("elems"));
        } catch (IOException e) {
            log.warn("{}: cannot read a typed drop of flow {} ({}); its elems are delivered as JSON text", label,
                flowId, e.toString());
            return null;
        }
    }

    @Override
    protected List<AutoCloseable> startPush(SourceEngine<FlowthingsCursor> engine, ConnectorMetrics metrics) {
        if (!config.getBoolean(FlowthingsSourceConfig.WEBSOCKET_ENABLED)) {
            return List.of();
        }
        FlowthingsEvents events = new FlowthingsEvents(label, client, engine, readers,
            "0.1".equals(config.getString(FlowthingsConnection.API_VERSION)),
            config.getLong(FlowthingsSourceConfig.LAG_MS) + 500);
        PushSettings push = new PushSettings(Duration.ofSeconds(30),
            Duration.ofMillis(config.getLong(FlowthingsSourceConfig.HEARTBEAT_INTERVAL_MS)),
            () -> FlowthingsEvents.HEARTBEAT, Duration.ofMillis(200), Duration.ofSeconds(30));
        PushChannel websocket = new PushChannel(transport.client(), events::nextUpgrade,
            "flowthings-session",
            new PushPacedListener(new MeteredPushListener(events, metrics, "websocket"), engine), push);
        websocket.start();
        return List.of(websocket, events);
    }
}
