package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.config.Targets;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.ReplicatingSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * Writes Kafka records to ConnectorDB streams as datapoints: to one stream, per topic, or to a path taken from each
 * record; appended (POST) or restamped (PUT); optionally into downlink streams, to command devices. Writes are
 * checked against the stream before they are sent again, so retries and redelivery neither duplicate nor lose data.
 */
public final class ConnectorDbSinkConnector extends ReplicatingSinkConnector {

    public ConnectorDbSinkConnector() {
        super(ConnectorDbSinkConfig.CONFIG_DEF, ConnectorDbSinkTask.class, ConnectorDbSinkConfig::new);
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
