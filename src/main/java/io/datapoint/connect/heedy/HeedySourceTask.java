package io.datapoint.connect.heedy;

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

/** Reads the heedy objects assigned to it: wires the core source engine to heedy's reads, records and events. */
public final class HeedySourceTask extends EngineSourceTask<HeedyCursor> {

    private static final Logger log = LoggerFactory.getLogger(HeedySourceTask.class);

    private HeedySourceConfig config;
    private HttpTransport transport;
    private HeedyClient client;
    private String label;
    private final Map<String, HeedyStreamReader> readers = new LinkedHashMap<>();

    public HeedySourceTask() {
        super("heedy", "heedy");
    }

    @Override
    protected Setup<HeedyCursor> setup(Map<String, String> props, String label, ConnectorMetrics metrics) {
        this.label = label;
        config = new HeedySourceConfig(props);
        transport = HeedyConnection.transport(config, new MetricsHttpObserver(metrics));
        String url = config.getString(HeedyConnection.URL).trim().replaceAll("/+$", "");
        client = new HeedyClient(url, transport);
        return new Setup<>(url, new HeedyOffsets(), config.engineSettings(), List.of(transport));
    }

    @Override
    protected List<HeedyStreamReader> readers(List<String> streams, SourceEngine<HeedyCursor> engine) {
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean typed = SourceCommonConfig.typed(config);
        StartPosition start = config.startPosition();
        for (String id : streams) {
            HeedyObject object = describe(id);
            HeedyRecords records = new HeedyRecords(object, topics.topic(object.topicAttributes()), typed);
            readers.put(id, new HeedyStreamReader(label, client, object, records, start));
        }
        return List.copyOf(readers.values());
    }

    private HeedyObject describe(String id) {
        try {
            return client.object(id);
        } catch (HttpStatusException e) {
            if (e.status() == 401) {
                throw new ConnectException(label + ": heedy rejected the app token (" + HeedyClient.describe(e)
                    + "). Check heedy.token.", e);
            }
            log.warn("{}: heedy object {} cannot be described ({}); reading it as untyped until it can",
                label, id, HeedyClient.describe(e));
            return new HeedyObject(id, id, null, null, null, "", "timeseries", null);
        } catch (IOException e) {
            throw new ConnectException(label + ": cannot reach heedy to describe object " + id + ": " + e, e);
        }
    }

    @Override
    protected List<AutoCloseable> startPush(SourceEngine<HeedyCursor> engine, ConnectorMetrics metrics) {
        List<AutoCloseable> started = new ArrayList<>();
        HeedyReconciler reconciler = null;
        double window = config.getDouble(HeedySourceConfig.RECONCILE_WINDOW_SECONDS);
        if (window > 0) {
            reconciler = new HeedyReconciler(label, engine, readers, window,
                config.getLong(HeedySourceConfig.RECONCILE_INTERVAL_MS), config.getInt(SourceCommonConfig.BATCH_SIZE));
        }
        if (config.getBoolean(HeedySourceConfig.EVENTS_ENABLED)) {
            PushSettings push = new PushSettings(Duration.ofSeconds(30),
                Duration.ofMillis(config.getLong(HeedySourceConfig.EVENTS_PING_INTERVAL_MS)), HeedyEvents::ping,
                Duration.ofMillis(200), Duration.ofSeconds(30));
            PushChannel events = new PushChannel(transport.client(), new Request.Builder().url(client.eventsUrl())
                .build(), new PushPacedListener(new MeteredPushListener(new HeedyEvents(label, engine,
                    readers, config.getInt(SourceCommonConfig.BATCH_SIZE), reconciler), metrics, "events"), engine),
                push);
            events.start();
            started.add(events);
        }
        // the reconciler is closed after the events that call it
        started.add(reconciler);
        return started;
    }
}
