package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.source.DiscoveringSourceConnector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Streams IOTile Cloud stream readings into Kafka: one record per reading, exactly once, with offsets per stream on
 * the device's reading ids and, for readings written through the API, on whole seconds plus the ids delivered at
 * the last one. The selection (stream slugs, or every stream of projects or devices) is listed again on a schedule
 * and spread over the tasks.
 */
public final class IotileSourceConnector extends DiscoveringSourceConnector {

    public IotileSourceConnector() {
        super(new Platform("IOTile", "iotile", "streams", IotileSourceConfig.CONFIG_DEF, IotileSourceTask.class,
            new IotileOffsets()));
    }

    @Override
    protected Selection select(Map<String, String> props, String label) {
        IotileSourceConfig config = new IotileSourceConfig(props);
        if (config.selectsNothing()) {
            throw new ConnectException(label + ": select streams with iotile.streams, iotile.projects or"
                + " iotile.devices");
        }
        IotileConnection.Transports transports = IotileConnection.transports(config, HttpObserver.NONE);
        IotileClient client = new IotileClient(config.getString(IotileConnection.URL), transports.api());
        return new Selection(() -> listStreams(config, client), e -> IotileClient.describe(e) + (e.status() == 401
            ? ". Check iotile.email and iotile.password (or iotile.token)." : ""), List.of(transports));
    }

    /**
     * The selected stream slugs, canonical and sorted. With output units on, a stream found through a project or device
     * listing carries its output unit as a fingerprint ({@code slug#hash}), so a changed unit reconfigures the tasks
     * (they read the unit at start); explicitly listed streams are not described on every discovery.
     */
    private static List<String> listStreams(IotileSourceConfig config, IotileClient client) throws IOException {
        boolean units = config.getBoolean(IotileSourceConfig.OUTPUT_UNITS);
        TreeMap<String, String> selected = new TreeMap<>();
        for (String slug : config.slugs(IotileSourceConfig.STREAMS, IotileSlug::stream)) {
            selected.put(slug, "");
        }
        for (String project : config.slugs(IotileSourceConfig.PROJECTS, IotileSlug::project)) {
            addAll(selected, client.streams("project", project), units);
        }
        for (String device : config.slugs(IotileSourceConfig.DEVICES, IotileSlug::device)) {
            addAll(selected, client.streams("device", device), units);
        }
        List<String> out = new ArrayList<>();
        selected.forEach((slug, fingerprint) -> out.add(fingerprint.isEmpty() ? slug : slug + "#" + fingerprint));
        return out;
    }

    private static void addAll(TreeMap<String, String> selected, List<JsonNode> streams, boolean units) {
        for (JsonNode s : streams) {
            String slug = s.path("slug").asText("");
            if (!slug.isEmpty()) {
                String fingerprint = units ? Integer.toHexString(String.valueOf(s.get("output_unit")).hashCode()) : "";
                selected.merge(IotileSlug.stream(slug), fingerprint, (a, b) -> a.isEmpty() ? b : a);
            }
        }
    }

    /** Offsets are stored under canonical slugs; another spelling would name a partition no task reads. */
    @Override
    protected void checkStreamId(String streamId) {
        String canonical = IotileSlug.stream(streamId);
        if (!canonical.equals(streamId)) {
            throw new IllegalArgumentException("stream '" + streamId + "' is not in the canonical form " + canonical
                + " the connector stores offsets under");
        }
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Validators.crossCheck(config, () -> {
            if (new IotileSourceConfig(Validators.nonNull(connectorConfigs)).selectsNothing()) {
                Validators.addError(config, IotileSourceConfig.STREAMS, "Select streams: set iotile.streams,"
                    + " iotile.projects or iotile.devices");
            }
        }, IotileSourceConfig.STREAMS, IotileSourceConfig.PROJECTS, IotileSourceConfig.DEVICES);
        return IotileConnection.check(config, connectorConfigs);
    }
}
