package io.datapoint.connect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.sink.SinkEngineSettings;
import io.datapoint.connect.core.source.SourceEngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The sink and source keys every platform shares: names, defaults, validators, and the engine settings. */
class SharedConfigTest {

    private static ConfigDef sinkDef(ConfigDef.Range bytes) {
        ConfigDef def = new ConfigDef();
        int d = 0;
        SinkDeliveryConfig.defineBatchMaxRecords(def, "Delivery", ++d);
        SinkDeliveryConfig.defineBatchMaxBytes(def, "Delivery", ++d, bytes, SinkDeliveryConfig.BATCH_MAX_BYTES_DOC);
        SinkDeliveryConfig.defineBatchLinger(def, "Delivery", ++d);
        SinkDeliveryConfig.defineWriteThreads(def, "Delivery", ++d, "streams");
        SinkDeliveryConfig.defineMaxPendingRecords(def, "Delivery", ++d);
        return def;
    }

    @Test
    void sinkDefaultsMakeTheEngineSettings() {
        SinkEngineSettings s = SinkDeliveryConfig.engineSettings(
            new AbstractConfig(sinkDef(ConfigDef.Range.atLeast(1_024)), Map.of()));
        assertEquals(new SinkEngineSettings(1_000, 4_000_000L, Duration.ofMillis(200), 2, 20_000), s);
    }

    @Test
    void sinkKeysKeepTheirValidatorsAndThePlatformsByteRange() {
        ConfigDef def = sinkDef(ConfigDef.Range.between(1_024, 8_000_000));
        assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of("batch.max.records", "5001")));
        assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of("batch.max.bytes", "8000001")));
        assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of("write.threads", "65")));
        assertEquals("How many streams a task writes concurrently.",
            def.configKeys().get("write.threads").documentation);
        SinkEngineSettings s = SinkDeliveryConfig.engineSettings(new AbstractConfig(def, Map.of(
            "batch.max.records", "5", "batch.max.bytes", "2048", "batch.linger.ms", "0", "write.threads", "3",
            "max.pending.records", "9")));
        assertEquals(new SinkEngineSettings(5, 2048, Duration.ZERO, 3, 9), s);
    }

    @Test
    void formatKeysRefuseUnknownUnitsAndNullBehaviours() {
        ConfigDef def = new ConfigDef();
        SinkFormatConfig.defineTimeFieldUnit(def, "Format", 1);
        SinkFormatConfig.defineNullValues(def, "Format", 2, "doc");
        assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of("time.field.unit", "hours")));
        assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of("behavior.on.null.values", "drop")));
        assertEquals("seconds", new AbstractConfig(def, Map.of()).getString("time.field.unit"));
    }

    @Test
    void idleCeilingsComeFromTheirKeysAndNeverUndercutThePollInterval() {
        ConfigDef def = new ConfigDef();
        SourceCommonConfig.definePollInterval(def, "Delivery", 1, 5_000L, "doc");
        SourceCommonConfig.definePollIdleMax(def, "Delivery", 2);
        SourceCommonConfig.definePollIdleMaxPush(def, "Delivery", 3, "the websocket");
        SourceCommonConfig.defineBatchSize(def, "Delivery", 4, "doc");
        SourceCommonConfig.defineBufferMaxRecords(def, "Delivery", 5);

        SourceEngineSettings defaults = SourceCommonConfig.engineSettings(new AbstractConfig(def, Map.of()),
            Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(60), defaults.idleMax());
        assertEquals(Duration.ofMinutes(5), defaults.pushIdleMax());

        SourceEngineSettings low = SourceCommonConfig.engineSettings(new AbstractConfig(def, Map.of(
            "poll.interval.ms", "20000", "poll.idle.max.ms", "1000", "poll.idle.max.push.ms", "1000")),
            Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(20), low.idleMax());
        assertEquals(Duration.ofSeconds(20), low.pushIdleMax());
    }

    @Test
    void sourceKeysMakeTheEngineSettingsAndCheckTopicTemplates() {
        ConfigDef def = new ConfigDef();
        SourceCommonConfig.defineDiscoveryInterval(def, "Streams", 1, "doc");
        SourceCommonConfig.definePollInterval(def, "Delivery", 1, 5_000L, "doc");
        SourceCommonConfig.defineBatchSize(def, "Delivery", 2, "doc");
        SourceCommonConfig.defineBufferMaxRecords(def, "Delivery", 3);
        SourceCommonConfig.defineTopicTemplate(def, "Format", 1, "x.${name}", List.of("name"), "doc");
        SourceCommonConfig.defineDataFormat(def, "Format", 2, "doc");

        AbstractConfig defaults = new AbstractConfig(def, Map.of());
        assertEquals(new SourceEngineSettings(Duration.ofSeconds(5), 1_000, 10_000, Duration.ofSeconds(1),
            Duration.ofSeconds(60)), SourceCommonConfig.engineSettings(defaults, Duration.ofSeconds(60)));
        assertEquals(60_000L, defaults.getLong("discovery.interval.ms"));
        assertTrue(SourceCommonConfig.typed(defaults));
        assertEquals(false, SourceCommonConfig.typed(new AbstractConfig(def, Map.of("data.format", "json"))));

        ConfigException e = assertThrows(ConfigException.class,
            () -> new AbstractConfig(def, Map.of("topic.template", "x.${nope}")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertEquals("a topic name with placeholders", def.configKeys().get("topic.template").validator.toString());
    }
}
