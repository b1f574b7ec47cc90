package io.datapoint.connect.heedy;

import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.Validators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
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
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
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
        if (Validators.noErrors(config, HeedySinkConfig.OBJECT, HeedySinkConfig.KEY, HeedySinkConfig.TOPIC_OBJECTS)) {
            try {
                List<String> set = new HeedySinkConfig(Validators.nonNull(connectorConfigs)).targetsSet();
                if (set.size() != 1) {
                    String message = set.isEmpty()
                        ? "Set one target: heedy.object, heedy.key or heedy.topic.objects"
                        : "Set only one target, but " + set + " are all set";
                    for (String field : set.isEmpty() ? List.of(HeedySinkConfig.OBJECT) : set) {
                        ConfigValue v = Validators.field(config, field);
                        if (v != null) {
                            v.addErrorMessage(message);
                        }
                    }
                }
            } catch (RuntimeException e) {
                // other fields are invalid; their errors are already reported
            }
        }
        return HeedyConnection.check(config, connectorConfigs);
    }
}
