package io.datapoint.connect.heedy;

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
 * Writes Kafka records to heedy timeseries as datapoints: to one object, to an app timeseries by key (created when
 * missing), or per topic. Writes use heedy's {@code update} method by default, so redelivery never duplicates.
 */
public final class HeedySinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        new HeedySinkConfig(this.props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HeedySinkTask.class;
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
        return HeedySinkConfig.CONFIG_DEF;
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
