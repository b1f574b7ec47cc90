package io.datapoint.connect.iotile;

import io.datapoint.connect.core.config.Targets;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.ReplicatingSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * Writes Kafka records to IOTile Cloud streams as readings ({@code int_value}, type Num): to one stream slug, per
 * topic, or to a slug taken from each record, in batches posted as arrays. What a stream already holds is read
 * before each post and each retry, so a lost answer or a redelivery does not store a reading twice; readings IOTile
 * refuses go to the errant record reporter with its field errors.
 */
public final class IotileSinkConnector extends ReplicatingSinkConnector {

    public IotileSinkConnector() {
        super(IotileSinkConfig.CONFIG_DEF, IotileSinkTask.class, IotileSinkConfig::new);
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        String[] targets = {IotileSinkConfig.STREAM, IotileSinkConfig.TOPIC_STREAMS, IotileSinkConfig.STREAM_FIELD};
        Validators.crossCheck(config, () -> Targets.requireExactlyOne(config,
            new IotileSinkConfig(Validators.nonNull(connectorConfigs)).targetsSet(), targets), targets);
        return IotileConnection.check(config, connectorConfigs);
    }
}
