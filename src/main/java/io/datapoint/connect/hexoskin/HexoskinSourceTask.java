package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.metrics.MetricsHttpObserver;
import io.datapoint.connect.core.source.EngineSourceTask;
import io.datapoint.connect.core.source.SourceEngine;
import io.datapoint.connect.core.source.TopicTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the (user, datatype) streams assigned to it: wires the core source engine to the change-feed reader. */
public final class HexoskinSourceTask extends EngineSourceTask<HexoskinCursor> {

    private static final Logger log = LoggerFactory.getLogger(HexoskinSourceTask.class);

    private HexoskinSourceConfig config;
    private HexoskinClient client;
    private String label;
    private ConnectorMetrics metrics;

    public HexoskinSourceTask() {
        super("Hexoskin", HexoskinRecords.PLATFORM);
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
    protected Setup<HexoskinCursor> setup(Map<String, String> props, String label, ConnectorMetrics metrics) {
        this.label = label;
        this.metrics = metrics;
        config = new HexoskinSourceConfig(props);
        HexoskinConnection.Transports transports = HexoskinConnection.transport(config,
            new MetricsHttpObserver(metrics));
        String url = config.getString(HexoskinConnection.URL).trim().replaceAll("/+$", "");
        client = new HexoskinClient(url, transports.api());
        return new Setup<>(url, new HexoskinOffsets(), config.engineSettings(), List.of(transports));
    }

    @Override
    protected List<HexoskinStreamReader> readers(List<String> streams, SourceEngine<HexoskinCursor> engine) {
        List<long[]> parsed = new ArrayList<>();
        try {
            streams.forEach(s -> parsed.add(parseStream(s)));
        } catch (IllegalArgumentException e) {
            throw new ConnectException(label + ": the task's stream list is malformed: " + e.getMessage(), e);
        }
        HexoskinDatatypes datatypes;
        try {
            datatypes = new HexoskinDatatypes(client.datatypes());
        } catch (IOException e) {
            throw new ConnectException(label + ": cannot list Hexoskin's datatypes: " + e.getMessage(), e);
        }
        TopicTemplate topics = new TopicTemplate(config.getString(SourceCommonConfig.TOPIC_TEMPLATE));
        boolean latest = "latest".equals(config.getString(HexoskinSourceConfig.START_POSITION));
        int maxValues = config.getInt(HexoskinSourceConfig.MAX_VALUES);
        long tps = config.getInt(HexoskinConnection.TICKS_PER_SECOND);
        List<HexoskinStreamReader> readers = new ArrayList<>();
        for (long[] s : parsed) {
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
            readers.add(new HexoskinStreamReader(label, client, s[0], d, records, maxValues, tps, latest, metrics));
        }
        return readers;
    }
}
