package io.datapoint.connect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** Targets, Validators.crossCheck and TaskConfigs: what connectors' validate() and taskConfigs() share. */
class ConnectorChecksTest {

    private static Config config(String... names) {
        List<ConfigValue> values = new ArrayList<>();
        for (String n : names) {
            values.add(new ConfigValue(n));
        }
        return new Config(values);
    }

    private static List<String> errors(Config config, String name) {
        return Validators.field(config, name).errorMessages();
    }

    @Test
    void noTargetIsReportedOnTheFirstFieldNamingAllAlternatives() {
        Config config = config("a", "b", "c");
        Targets.requireExactlyOne(config, List.of(), "a", "b", "c");
        assertEquals(List.of("Set one target: a, b or c"), errors(config, "a"));
        assertTrue(errors(config, "b").isEmpty());
    }

    @Test
    void severalTargetsAreReportedOnEachOfThem() {
        Config config = config("a", "b", "c");
        Targets.requireExactlyOne(config, List.of("a", "c"), "a", "b", "c");
        assertEquals(List.of("Set only one target, but [a, c] are all set"), errors(config, "a"));
        assertEquals(List.of("Set only one target, but [a, c] are all set"), errors(config, "c"));
        assertTrue(errors(config, "b").isEmpty());
    }

    @Test
    void oneTargetIsFine() {
        Config config = config("a", "b");
        Targets.requireExactlyOne(config, List.of("b"), "a", "b");
        assertTrue(errors(config, "a").isEmpty() && errors(config, "b").isEmpty());
    }

    @Test
    void aCrossCheckRunsOnlyWhenItsFieldsAreValidAndSwallowsParseFailures() {
        Config config = config("a", "b");
        AtomicBoolean ran = new AtomicBoolean();
        Validators.crossCheck(config, () -> ran.set(true), "a", "b");
        assertTrue(ran.get());

        Validators.crossCheck(config, () -> {
            throw new IllegalStateException("does not parse");
        }, "a");
        assertTrue(errors(config, "a").isEmpty());

        Validators.addError(config, "a", "bad");
        ran.set(false);
        Validators.crossCheck(config, () -> ran.set(true), "a", "b");
        assertEquals(false, ran.get());
        Validators.addError(config, "missing", "ignored");
    }

    @Test
    void sinkTasksAllGetTheConnectorConfig() {
        Map<String, String> props = Map.of("k", "v");
        assertEquals(List.of(props, props, props), TaskConfigs.replicate(props, 3));
    }

    @Test
    void sourceStreamsAreSpreadOverAtMostOneTaskEach() {
        Map<String, String> props = Map.of("name", "x");
        List<Map<String, String>> tasks = TaskConfigs.spread(props, List.of("s1", "s2", "s3"), 2, "task.streams",
            group -> String.join("|", group), "none");
        assertEquals(List.of(Map.of("name", "x", "task.streams", "s1|s2"), Map.of("name", "x", "task.streams", "s3")),
            tasks);
        assertEquals(2, TaskConfigs.spread(props, List.of("s1", "s2"), 5, "k", List::toString, "none").size());
        assertEquals(List.of(), TaskConfigs.spread(props, List.of(), 5, "k", List::toString, "none"));
    }

    @Test
    void taskStreamListsRoundTripIdsWithCommasAndRefuseOtherText() {
        List<String> ids = List.of("a,b", "c/d", "e\"f");
        assertEquals(ids, TaskConfigs.decodeStreams(TaskConfigs.encodeStreams(ids)));
        assertEquals(List.of(), TaskConfigs.decodeStreams(null));
        assertThrows(IllegalArgumentException.class, () -> TaskConfigs.decodeStreams("a,b"));
        assertThrows(IllegalArgumentException.class, () -> TaskConfigs.decodeStreams("[1, null]"));
    }

    @Test
    void topicMapsParseTargetsAndNameTheFirstMalformedEntry() {
        assertEquals(Map.of("a", 1, "b.c", 22), Targets.parseTopicMap(List.of("a:1", " b.c : 22 "),
            "topic:number, e.g. a:1", Integer::parseInt));
        assertEquals(Map.of(), Targets.parseTopicMap(null, "x", s -> s));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Targets.parseTopicMap(List.of("a:1", "b", "c:"), "topic:number, e.g. a:1", Integer::parseInt));
        assertEquals("Each entry must be topic:number, e.g. a:1, but got 'b'", e.getMessage());
    }

    @Test
    void setFieldsAreNonBlankStringsAndNonEmptyLists() {
        org.apache.kafka.common.config.ConfigDef def = new org.apache.kafka.common.config.ConfigDef()
            .define("one", org.apache.kafka.common.config.ConfigDef.Type.STRING, null,
                org.apache.kafka.common.config.ConfigDef.Importance.LOW, "")
            .define("map", org.apache.kafka.common.config.ConfigDef.Type.LIST, "",
                org.apache.kafka.common.config.ConfigDef.Importance.LOW, "")
            .define("field", org.apache.kafka.common.config.ConfigDef.Type.STRING, null,
                org.apache.kafka.common.config.ConfigDef.Importance.LOW, "");
        assertEquals(List.of("one", "map"), Targets.setFields(new org.apache.kafka.common.config.AbstractConfig(def,
            Map.of("one", "s", "map", "t:s", "field", "  ")), "one", "map", "field"));
        assertEquals(List.of(), Targets.setFields(new org.apache.kafka.common.config.AbstractConfig(def, Map.of()),
            "one", "map", "field"));
    }
}
