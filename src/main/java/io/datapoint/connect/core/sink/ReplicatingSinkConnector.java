package io.datapoint.connect.core.sink;

import io.datapoint.connect.core.Version;
import io.datapoint.connect.core.config.TaskConfigs;
import io.datapoint.connect.core.config.Validators;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A sink connector that checks its config on start and gives every task the same config (Kafka spreads the topic
 * partitions). A platform's connector passes its ConfigDef, task class and config parser, and adds its own
 * {@code validate}. (Kafka Connect instantiates connectors by class, so the shared part is a base class.)
 */
public abstract class ReplicatingSinkConnector extends SinkConnector {

    private final ConfigDef configDef;
    private final Class<? extends Task> taskClass;
    private final Consumer<Map<String, String>> parse;
    private Map<String, String> props;

    /**
     * @param configDef the connector's ConfigDef
     * @param taskClass its task class
     * @param parse     parses the config, throwing a ConfigException when it is invalid
     */
    protected ReplicatingSinkConnector(ConfigDef configDef, Class<? extends Task> taskClass,
                                       Consumer<Map<String, String>> parse) {
        this.configDef = configDef;
        this.taskClass = taskClass;
        this.parse = parse;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(Validators.nonNull(props));
        parse.accept(this.props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return taskClass;
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
        return configDef;
    }
}
