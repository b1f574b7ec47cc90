package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.core.type.TypeReference;
import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.source.SourceEngine;
import io.datapoint.connect.core.source.TopicTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the (user, datatype) streams assigned to it: wires the core source engine to the change-feed reader. */
public final class HexoskinSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HexoskinSourceTask.class);

    private ConnectorMetrics metrics;
    private HexoskinConnection.Transports transports;
    private SourceEngine<HexoskinCursor> engine;

    @Override
    public String version() {
        return Version.get();
    }

    /** Parses a stream id {@code <user id>/<datatype id>}. */
    static long[] parseStream(String id) {
        String[] p = id.split("/", -1);
        if (p.length != 2 || !p[0].matches("[0-9]+") || !p[1].matches("[0-9]+")) {
            throw new IllegalArgumentException("'" + id + "' is not a Hexoskin stream id <user id>/<datatype id>");
        }
        return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
    }

    @Override
    public void start(Map<String, String> props) {
        HexoskinSourceConfig config = new HexoskinSourceConfig(props);
        String label = "Hexoskin source '" + props.getOrDefault("name", "?") + "' ("
            + Thread.currentThread().getName() + ")";
        metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
        transports = HexoskinConnection.transport(config, new MetricsHttpObserver(metrics));
        String url = config.getString(HexoskinConnection.URL).trim().replaceAll("/+$", "");
        HexoskinClient client = new HexoskinClient(url, transports.api());
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean latest = "latest".equals(config.getString(HexoskinSourceConfig.START_POSITION));
        int maxValues = config.getInt(HexoskinSourceConfig.MAX_VALUES);
        long tps = config.getInt(HexoskinConnection.TICKS_PER_SECOND);
        List<long[]> streams = new ArrayList<>();
        try {
            for (String s : HexoskinClient.JSON.readValue(config.getString(HexoskinSourceConfig.TASK_STREAMS),
                new TypeReference<List<String>>() { })) {
                streams.add(parseStream(s));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException(label + ": the task's stream list is malformed: " + e.getMessage(), e);
        }
        HexoskinDatatypes datatypes;
        try {
            datatypes = new HexoskinDatatypes(client.datatypes());
        } catch (IOException e) {
            Closeables.closeAll(transports, metrics);
            throw new ConnectException(label + ": cannot list Hexoskin's datatypes: " + e.getMessage(), e);
        }
        engine = new SourceEngine<>(label, HexoskinRecords.PLATFORM, url, new HexoskinOffsets(),
            config.engineSettings(), metrics);
        Map<String, HexoskinStreamReader> readers = new LinkedHashMap<>();
        for (long[] s : streams) {
            HexoskinDatatype d;
            try {
                d = datatypes.byId((int) s[1]);
            } catch (IllegalArgumentException e) {
                log.warn("{}: {}; stream {}/{} is skipped", label, e.getMessage(), s[0], s[1]);
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("user", Long.toString(s[0]));
            attributes.put("datatype", d.name());
            attributes.put("datatype_id", Integer.toString(d.id()));
            HexoskinRecords records = new HexoskinRecords(s[0], d, topics.topic(attributes), tps);
            HexoskinStreamReader reader = new HexoskinStreamReader(label, client, s[0], d, records, maxValues, tps,
                latest, metrics);
            readers.put(reader.streamId(), reader);
        }
        engine.start(readers.values(), context == null ? null : context.offsetStorageReader());
        log.info("{}: reading {} streams", label, readers.size());
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
