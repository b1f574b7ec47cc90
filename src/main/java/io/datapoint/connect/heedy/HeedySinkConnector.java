package io.datapoint.connect.heedy;

import io.datapoint.connect.core.config.Targets;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.sink.ReplicatingSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * Writes Kafka records to heedy timeseries as datapoints: to one object, to an app timeseries by key (created when
 * missing), or per topic. Writes use heedy's {@code update} method by default, so redelivery never duplicates.
 */
public final class HeedySinkConnector extends ReplicatingSinkConnector {

    public HeedySinkConnector() {
        super(HeedySinkConfig.CONFIG_DEF, HeedySinkTask.class, HeedySinkConfig::new);
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        String[] targets = {HeedySinkConfig.OBJECT, HeedySinkConfig.KEY, HeedySinkConfig.TOPIC_OBJECTS};
        Validators.crossCheck(config, () -> Targets.requireExactlyOne(config,
            new HeedySinkConfig(Validators.nonNull(connectorConfigs)).targetsSet(), targets), targets);
        return HeedyConnection.check(config, connectorConfigs);
    }
}
