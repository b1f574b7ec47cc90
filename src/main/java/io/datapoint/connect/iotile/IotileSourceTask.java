package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.source.EngineSourceTask;
import io.datapoint.connect.core.source.SourceEngine;
import io.datapoint.connect.core.source.TopicTemplate;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the IOTile streams assigned to it: wires the core source engine to IOTile's data reads. */
public final class IotileSourceTask extends EngineSourceTask<IotileCursor> {

    private static final Logger log = LoggerFactory.getLogger(IotileSourceTask.class);

    private IotileSourceConfig config;
    private IotileClient client;
    private String label;

    public IotileSourceTask() {
        super("IOTile", "iotile");
    }

    @Override
    protected Setup<IotileCursor> setup(Map<String, String> props, String label, ConnectorMetrics metrics) {
        this.label = label;
        config = new IotileSourceConfig(props);
        IotileConnection.Transports transports = IotileConnection.transports(config, new MetricsHttpObserver(metrics));
        String url = config.getString(IotileConnection.URL).trim().replaceAll("/+$", "");
        client = new IotileClient(url, transports.api());
        return new Setup<>(url, new IotileOffsets(), config.engineSettings(), List.of(transports));
    }

    @Override
    protected List<IotileStreamReader> readers(List<String> streams, SourceEngine<IotileCursor> engine) {
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean latest = "latest".equals(config.getString(IotileSourceConfig.START_POSITION));
        boolean convert = config.getBoolean(IotileSourceConfig.OUTPUT_UNITS);
        long lag = (config.getLong(IotileSourceConfig.SETTLE_MS) + 999) / 1000;
        List<IotileStreamReader> readers = new ArrayList<>();
        for (String s : streams) {
            String slug = IotileSlug.stream(s);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("stream", slug);
            attributes.put("project", IotileSlug.projectOf(slug));
            attributes.put("device", IotileSlug.deviceOf(slug));
            attributes.put("variable", IotileSlug.variableOf(slug));
            IotileUnit unit = convert ? outputUnit(slug) : null;
            IotileRecords records = new IotileRecords(slug, topics.topic(attributes), unit);
            readers.add(new IotileStreamReader(label, client, slug, records, latest, lag, Clock.systemUTC()));
        }
        return readers;
    }

    /** The stream's output unit, or null when it has none or no metadata (then values stay in internal units). */
    private IotileUnit outputUnit(String slug) {
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
}
