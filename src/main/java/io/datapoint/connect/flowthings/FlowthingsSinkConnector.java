package io.datapoint.connect.flowthings;

import io.datapoint.connect.core.config.Targets;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.sink.ReplicatingSinkConnector;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * Writes Kafka records to flowthings flows as drops: into one flow (by id or path), a flow per topic, or the flow a
 * record field names. Each drop carries an fhash from its record's topic, partition and offset, so a retried or
 * redelivered record is never stored twice.
 */
public final class FlowthingsSinkConnector extends ReplicatingSinkConnector {

    public FlowthingsSinkConnector() {
        super(FlowthingsSinkConfig.CONFIG_DEF, FlowthingsSinkTask.class, FlowthingsSinkConfig::new);
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, String> props = Validators.nonNull(connectorConfigs);
        Validators.crossCheck(config, () -> Targets.requireExactlyOne(config,
            new FlowthingsSinkConfig(props).targetsSet(), FlowthingsSinkConfig.TARGETS), FlowthingsSinkConfig.TARGETS);
        FlowthingsConnection.check(config, props);
        String path = props.get(FlowthingsSinkConfig.FLOW_PATH);
        if (path != null && !path.isBlank() && Validators.noErrors(config, FlowthingsConnection.URL,
            FlowthingsConnection.TOKEN, FlowthingsConnection.ACCOUNT, FlowthingsSinkConfig.FLOW_PATH)) {
            FlowthingsSinkConfig parsed = new FlowthingsSinkConfig(props);
            try (HttpTransport t = FlowthingsConnection.probeTransport(props)) {
                FlowthingsClient client = FlowthingsConnection.client(parsed, t,
                    parsed.getString(FlowthingsConnection.URL));
                if (client.flowByPath(path.trim()) == null) {
                    Validators.addError(config, FlowthingsSinkConfig.FLOW_PATH, "No flow at path " + path.trim()
                        + " in account " + client.account() + ". Create the flow or fix the path.");
                }
            } catch (IOException e) {
                // the connectivity check reported the problem with the connection
            }
        }
        return config;
    }
}
