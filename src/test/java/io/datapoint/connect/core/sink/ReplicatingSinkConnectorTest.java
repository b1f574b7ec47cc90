package io.datapoint.connect.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ReplicatingSinkConnectorTest {

    static final ConfigDef DEF = new ConfigDef().define("x.url", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH,
        "URL");

    static final class ExampleSinkConnector extends ReplicatingSinkConnector {
        ExampleSinkConnector() {
            super(DEF, EngineSinkTaskTest.ExampleSinkTask.class, props -> new AbstractConfig(DEF, props));
        }
    }

    @Test
    void startRefusesAnInvalidConfig() {
        assertThrows(ConfigException.class, () -> new ExampleSinkConnector().start(Map.of()));
    }

    @Test
    void everyTaskGetsTheConfigWithoutNullValues() {
        ExampleSinkConnector c = new ExampleSinkConnector();
        Map<String, String> props = new HashMap<>(Map.of("x.url", "http://h"));
        props.put("empty", null);
        c.start(props);
        assertEquals(List.of(Map.of("x.url", "http://h"), Map.of("x.url", "http://h")), c.taskConfigs(2));
        assertSame(DEF, c.config());
        assertEquals(EngineSinkTaskTest.ExampleSinkTask.class, c.taskClass());
    }
}
