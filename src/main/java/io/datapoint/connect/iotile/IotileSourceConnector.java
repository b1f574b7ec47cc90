package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.Closeables;
import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.discovery.StreamDiscovery;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.source.SourcePartitions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Streams IOTile Cloud stream readings into Kafka: one record per reading, exactly once, with offsets per stream on
 * the device's reading ids and, for readings written through the API, on whole seconds plus the ids seen at the
 * last one. The selection (stream slugs, or every stream of projects or devices) is listed again on a schedule and
 * spread over the tasks.
 */
public final class IotileSourceConnector extends SourceConnector {

    private Map<String, String> props;
    private IotileSourceConfig config;
    private IotileConnection.Transports transports;
    private IotileClient client;
    private StreamDiscovery discovery;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        this.config = new IotileSourceConfig(this.props);
        String label = "IOTile source '" + props.getOrDefault("name", "?") + "'";
        if (config.selectsNothing()) {
            throw new ConnectException(label + ": select streams with iotile.streams, iotile.projects or"
                + " iotile.devices");
        }
        transports = IotileConnection.transports(config, HttpObserver.NONE);
        client = new IotileClient(config.getString(IotileConnection.URL), transports.api());
        discovery = new StreamDiscovery(label, this::listStreams,
            config.getLong(SourceCommonConfig.DISCOVERY_INTERVAL_MS), changed -> context.requestTaskReconfiguration());
        discovery.startOrFail("streams", e -> IotileClient.describe(e) + (e.status() == 401
            ? ". Check iotile.email and iotile.password (or iotile.token)." : ""));
    }

    /** The selected stream slugs, sorted. */
    private List<String> listStreams() throws IOException {
        TreeSet<String> selected = new TreeSet<>(config.slugs(IotileSourceConfig.STREAMS, IotileSlug::stream));
        for (String project : config.slugs(IotileSourceConfig.PROJECTS, IotileSlug::project)) {
            addAll(selected, client.streams("project", project));
        }
        for (String device : config.slugs(IotileSourceConfig.DEVICES, IotileSlug::device)) {
            addAll(selected, client.streams("device", device));
        }
        return new ArrayList<>(selected);
    }

    private static void addAll(TreeSet<String> selected, List<JsonNode> streams) {
        for (JsonNode s : streams) {
            String slug = s.path("slug").asText("");
            if (!slug.isEmpty()) {
                selected.add(IotileSlug.stream(slug));
            }
        }
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.spread(props, discovery.current(), maxTasks, IotileSourceConfig.TASK_STREAMS,
            slugs -> String.join(",", slugs), "IOTile source '" + props.get("name") + "': no stream matches the"
                + " selection yet; no task runs until one does");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return IotileSourceTask.class;
    }

    @Override
    public void stop() {
        Closeables.closeAll(discovery, transports);
    }

    @Override
    public ConfigDef config() {
        return IotileSourceConfig.CONFIG_DEF;
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

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets of the shape this connector writes, so PATCH /connectors/{name}/offsets can rewind safely. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        SourcePartitions.validateOffsets(offsets, "iotile", new IotileOffsets(), "IOTile", stream -> {
            if (!IotileSlug.stream(stream).equals(stream)) {
                throw new IllegalArgumentException("stream '" + stream + "' is not in the canonical form "
                    + IotileSlug.stream(stream) + " the connector stores offsets under");
            }
        });
        return true;
    }
}
