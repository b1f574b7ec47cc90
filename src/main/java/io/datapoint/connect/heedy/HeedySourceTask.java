package io.datapoint.connect.heedy;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the heedy objects assigned to it: wires the core source engine to heedy's reads, records and events. */
public final class HeedySourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HeedySourceTask.class);

    private ConnectorMetrics metrics;
    private HttpTransport transport;
    private SourceEngine<HeedyCursor> engine;
    private PushChannel events;
    private HeedyReconciler reconciler;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HeedySourceConfig config = new HeedySourceConfig(props);
        String label = "heedy source '" + props.getOrDefault("name", "?") + "' ("
            + Thread.currentThread().getName() + ")";
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        transport = HeedyConnection.transport(config, new MetricsHttpObserver(metrics));
        String url = config.getString(HeedyConnection.URL).trim().replaceAll("/+$", "");
        HeedyClient client = new HeedyClient(url, transport);
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean typed = SourceCommonConfig.typed(config);
        StartPosition start = config.startPosition();

        Map<String, HeedyStreamReader> readers = new LinkedHashMap<>();
        for (String id : config.getList(HeedySourceConfig.TASK_OBJECTS)) {
            HeedyObject object = describe(client, id, label);
            HeedyRecords records = new HeedyRecords(object, topics.topic(object.topicAttributes()), typed);
            readers.put(id, new HeedyStreamReader(label, client, object, records, start));
        }
        engine = new SourceEngine<>(label, "heedy", url, new HeedyOffsets(), config.engineSettings(), metrics);
        engine.start(readers.values(), context == null ? null : context.offsetStorageReader());

        double window = config.getDouble(HeedySourceConfig.RECONCILE_WINDOW_SECONDS);
        if (window > 0 && !readers.isEmpty()) {
            reconciler = new HeedyReconciler(label, engine, readers, window,
                config.getLong(HeedySourceConfig.RECONCILE_INTERVAL_MS), config.getInt(SourceCommonConfig.BATCH_SIZE));
        }
        if (config.getBoolean(HeedySourceConfig.EVENTS_ENABLED) && !readers.isEmpty()) {
            PushSettings push = new PushSettings(Duration.ofSeconds(30),
                Duration.ofMillis(config.getLong(HeedySourceConfig.EVENTS_PING_INTERVAL_MS)), HeedyEvents::ping,
                Duration.ofMillis(200), Duration.ofSeconds(30));
            events = new PushChannel(transport.client(), new Request.Builder().url(client.eventsUrl()).build(),
                new MeteredPushListener(new HeedyEvents(label, engine, readers,
                    config.getInt(SourceCommonConfig.BATCH_SIZE), reconciler), metrics, "events"), push);
            events.start();
        }
        log.info("{}: reading {} objects", label, readers.size());
    }

    private static HeedyObject describe(HeedyClient client, String id, String label) {
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
    public List<SourceRecord> poll() throws InterruptedException {
        return engine.poll();
    }

    @Override
    public void stop() {
        // the push channel shares the transport's client: close it first
        Closeables.closeAll(events, reconciler, engine, transport, metrics);
    }
}
