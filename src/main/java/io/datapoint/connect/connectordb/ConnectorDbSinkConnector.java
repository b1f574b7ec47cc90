package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.config.Targets;
import io.datapoint.connect.core.config.Validators;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes Kafka records to ConnectorDB streams as datapoints: to one stream, per topic, or to a path taken from each
 * record; appended (POST) or restamped (PUT); optionally into downlink streams, to command devices. Writes are
 * checked against the stream before they are sent again, so retries and redelivery neither duplicate nor lose data.
 */
public final class ConnectorDbSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        new ConnectorDbSinkConfig(this.props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ConnectorDbSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.replicate(props, maxTasks);
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public ConfigDef config() {
        return ConnectorDbSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        String[] targets = {ConnectorDbSinkConfig.STREAM, ConnectorDbSinkConfig.TOPIC_STREAMS,
            ConnectorDbSinkConfig.STREAM_FIELD};
        Validators.crossCheck(config, () -> {
            ConnectorDbSinkConfig parsed = new ConnectorDbSinkConfig(Validators.nonNull(connectorConfigs));
            Targets.requireExactlyOne(config, parsed.targetsSet(), targets);
            if (parsed.getBoolean(ConnectorDbSinkConfig.DOWNLINK)
                && parsed.getBoolean(ConnectorDbSinkConfig.CREATE_MISSING)) {
                Validators.addError(config, ConnectorDbSinkConfig.CREATE_MISSING, "A downlink sink writes into other"
                    + " devices' streams and cannot create them; set connectordb.create.missing=false");
            }
        }, targets);
        return ConnectorDbConnection.check(config, connectorConfigs);
    }
}
