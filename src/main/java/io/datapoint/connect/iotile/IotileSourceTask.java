package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.source.SourceEngine;
import io.datapoint.connect.core.source.TopicTemplate;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the IOTile streams assigned to it: wires the core source engine to IOTile's data reads. */
public final class IotileSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(IotileSourceTask.class);

    private ConnectorMetrics metrics;
    private IotileConnection.Transports transports;
    private SourceEngine<IotileCursor> engine;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        IotileSourceConfig config = new IotileSourceConfig(props);
        String label = "IOTile source '" + props.getOrDefault("name", "?") + "' ("
            + Thread.currentThread().getName() + ")";
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        transports = IotileConnection.transports(config, new MetricsHttpObserver(metrics));
        String url = config.getString(IotileConnection.URL).trim().replaceAll("/+$", "");
        IotileClient client = new IotileClient(url, transports.api());
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean latest = "latest".equals(config.getString(IotileSourceConfig.START_POSITION));
        boolean convert = config.getBoolean(IotileSourceConfig.OUTPUT_UNITS);
        long lag = (config.getLong(IotileSourceConfig.SETTLE_MS) + 999) / 1000;
        List<String> slugs = new ArrayList<>();
        for (String s : config.getList(IotileSourceConfig.TASK_STREAMS)) {
            slugs.add(IotileSlug.stream(s));
        }
        engine = new SourceEngine<>(label, "iotile", url, new IotileOffsets(), config.engineSettings(), metrics);
        List<IotileStreamReader> readers = new ArrayList<>();
        for (String slug : slugs) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("stream", slug);
            attributes.put("project", IotileSlug.projectOf(slug));
            attributes.put("device", IotileSlug.deviceOf(slug));
            attributes.put("variable", IotileSlug.variableOf(slug));
            IotileUnit unit = convert ? outputUnit(client, slug, label) : null;
            IotileRecords records = new IotileRecords(slug, topics.topic(attributes), unit);
            readers.add(new IotileStreamReader(label, client, slug, records, latest, lag, Clock.systemUTC()));
        }
        engine.start(readers, context == null ? null : context.offsetStorageReader());
        log.info("{}: reading {} streams", label, readers.size());
    }

    /** The stream's output unit, or null when it has none or no metadata (then values stay in internal units). */
    private static IotileUnit outputUnit(IotileClient client, String slug, String label) {
        try {
            JsonNode stream = client.stream(slug);
            IotileUnit unit = IotileUnit.outputOf(stream);
            if (unit == null) {
                log.warn("{}: IOTile stream {} has {}; its values stay in internal units", label, slug,
                    stream == null ? "no metadata (404)" : "no output unit");
            }
            return unit;
        } catch (HttpStatusException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new ConnectException(label + ": IOTile Cloud refused the credential (" + IotileClient.describe(e)
                    + "). Check iotile.email and iotile.password, or iotile.token.", e);
            }
            throw new ConnectException(label + ": cannot read the metadata of IOTile stream " + slug + ": "
                + IotileClient.describe(e), e);
        } catch (IOException e) {
            throw new ConnectException(label + ": cannot reach IOTile Cloud to read the metadata of stream " + slug
                + ": " + e, e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return engine.poll();
    }

    @Override
    public void stop() {
        Closeables.closeAll(engine, transports, metrics);
    }
}
