package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Streams chosen Hexoskin datatypes of chosen users into Kafka: one stream per (user, datatype), read through the
 * record change feed so samples of records that sync late are delivered too, each exactly once with exactly-once
 * support on. The users (with {@code hexoskin.users=all}) are listed again on a schedule, and the streams are spread
 * over the tasks.
 */
public final class HexoskinSourceConnector extends SourceConnector {

    private Map<String, String> props;
    private HexoskinSourceConfig config;
    private HexoskinConnection.Transports transports;
    private HexoskinClient client;
    private StreamDiscovery discovery;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        this.config = new HexoskinSourceConfig(this.props);
        String label = "Hexoskin source '" + props.getOrDefault("name", "?") + "'";
        transports = HexoskinConnection.transport(config, HttpObserver.NONE);
        client = new HexoskinClient(config.getString(HexoskinConnection.URL), transports.api());
        discovery = new StreamDiscovery(label, this::listStreams,
            config.getLong(SourceCommonConfig.DISCOVERY_INTERVAL_MS), changed -> context.requestTaskReconfiguration());
        discovery.startOrFail("streams", e -> HexoskinClient.credentialProblem(e) != null
            ? HexoskinClient.credentialProblem(e) : HexoskinClient.describe(e));
    }

    /** Every selected (user, datatype) as {@code user/datatype id}, sorted. */
    private List<String> listStreams() throws IOException {
        List<HexoskinDatatype> datatypes;
        try {
            datatypes = new HexoskinDatatypes(client.datatypes()).resolve(config.getList(HexoskinSourceConfig
                .DATATYPES));
        } catch (IllegalArgumentException e) {
            throw new ConnectException("Hexoskin source '" + props.get("name") + "': " + e.getMessage()
                + " (hexoskin.datatypes)", e);
        }
        List<String> out = new ArrayList<>();
        for (long user : users(client, config.getList(HexoskinSourceConfig.USERS))) {
            for (HexoskinDatatype d : datatypes) {
                out.add(HexoskinRecords.streamId(user, d.id()));
            }
        }
        out.sort(null);
        return out;
    }

    /** The configured users as ids: the account's own, every visible user, or the listed ids. */
    static List<Long> users(HexoskinClient client, List<String> users) throws IOException {
        List<String> u = users.stream().map(String::trim).toList();
        if (u.equals(List.of(HexoskinSourceConfig.SELF))) {
            return List.of(client.accountId());
        }
        if (u.equals(List.of(HexoskinSourceConfig.ALL))) {
            return client.userIds();
        }
        return u.stream().map(Long::parseLong).distinct().toList();
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.spread(props, StreamDiscovery.ids(discovery.current()), maxTasks,
            HexoskinSourceConfig.TASK_STREAMS, HexoskinSourceConnector::encodeStreams, "Hexoskin source '"
                + props.get("name") + "': no (user, datatype) is selected yet; no task runs until one is");
    }

    private static String encodeStreams(List<String> streams) {
        try {
            return HexoskinClient.JSON.writeValueAsString(streams);
        } catch (JsonProcessingException e) {
            throw new ConnectException("Cannot encode the task's stream list", e);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HexoskinSourceTask.class;
    }

    @Override
    public void stop() {
        Closeables.closeAll(discovery, transports);
    }

    @Override
    public ConfigDef config() {
        return HexoskinSourceConfig.CONFIG_DEF;
    }

    /** Checks the credentials, then resolves the datatype names against the server's list (errors on the field). */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = HexoskinConnection.check(super.validate(connectorConfigs), connectorConfigs);
        if (!Validators.noErrors(config, HexoskinConnection.URL, HexoskinConnection.API_KEY,
            HexoskinConnection.API_SECRET, HexoskinConnection.USERNAME, HexoskinConnection.PASSWORD,
            HexoskinConnection.CLIENT_ID, HexoskinConnection.CLIENT_SECRET, HexoskinSourceConfig.DATATYPES)) {
            return config;
        }
        Validators.crossCheck(config, () -> {
            HexoskinSourceConfig parsed = new HexoskinSourceConfig(Validators.nonNull(connectorConfigs));
            try (HexoskinConnection.Transports t = HexoskinConnection.probeTransport(
                Validators.nonNull(connectorConfigs))) {
                new HexoskinDatatypes(new HexoskinClient(parsed.getString(HexoskinConnection.URL), t.api())
                    .datatypes()).resolve(parsed.getList(HexoskinSourceConfig.DATATYPES));
            } catch (IllegalArgumentException e) {
                Validators.addError(config, HexoskinSourceConfig.DATATYPES, e.getMessage());
            } catch (IOException e) {
                Validators.addError(config, HexoskinSourceConfig.DATATYPES, "Cannot list Hexoskin's datatypes to"
                    + " check the names: " + e.getMessage());
            }
        }, HexoskinSourceConfig.DATATYPES);
        return config;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets of the shape this connector writes, so PATCH /connectors/{name}/offsets can rewind safely. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        SourcePartitions.validateOffsets(offsets, HexoskinRecords.PLATFORM, new HexoskinOffsets(), "Hexoskin",
            HexoskinSourceTask::parseStream);
        return true;
    }
}
