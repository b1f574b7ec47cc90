package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.ReplicatingSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * Writes Kafka records to Hexoskin as annotations (or ranges) on users' timelines. Hexoskin's data resource is
 * read-only, so raw samples cannot be written. A write whose answer is lost is checked against what is stored before
 * it is sent again, so it never creates a second annotation; refused records go to the errant record reporter.
 */
public final class HexoskinSinkConnector extends ReplicatingSinkConnector {

    public HexoskinSinkConnector() {
        super(HexoskinSinkConfig.CONFIG_DEF, HexoskinSinkTask.class, HexoskinSinkConfig::new);
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Validators.crossCheck(config, () -> {
            if (!new HexoskinSinkConfig(Validators.nonNull(connectorConfigs)).oneUserTarget()) {
                Validators.addError(config, HexoskinSinkConfig.USER, "Set exactly one of hexoskin.user and"
                    + " hexoskin.user.field");
            }
        }, HexoskinSinkConfig.USER, HexoskinSinkConfig.USER_FIELD);
        return HexoskinConnection.check(config, connectorConfigs);
    }
}
