package io.datapoint.connect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    private static ConfigDef def() {
        return new ConfigDef()
            .define("x.token", Type.PASSWORD, "s3cret-default", Importance.HIGH, "The token.", "Connection", 2,
                Width.LONG, "Token")
            .define("x.url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(), Importance.HIGH,
                "The server's base URL.", "Connection", 1, Width.LONG, "URL")
            .define("x.mode", Type.STRING, "update", ConfigDef.ValidString.in("update", "insert"), Importance.MEDIUM,
                "How to write: a | b.\nSecond line.", "Delivery", 1, Width.SHORT, "Mode")
            .define("x.tags", Type.LIST, List.of("a", "b"), Importance.LOW, "Tags.", "Delivery", 2, Width.SHORT,
                "Tags")
            .define("x.prefix", Type.STRING, "", Importance.LOW, "Prefix.", "Delivery", 3, Width.SHORT, "Prefix")
            .define("x.filter", Type.STRING, null, Importance.LOW, "Filter.")
            .defineInternal("x.internal", Type.INT, 7, Importance.LOW);
    }

    private final String md = ConfigReference.markdown("Example sink", "io.example.ExampleSink", def());

    private String row(String key) {
        return md.lines().filter(l -> l.startsWith("| `" + key + "`")).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + key + " in\n" + md));
    }

    @Test
    void rendersHeadingConnectorClassAndGroupsInDefinitionOrder() {
        assertTrue(md.startsWith("### Example sink\n\n`connector.class`: `io.example.ExampleSink`\n\n"), md);
        int connection = md.indexOf("**Connection**");
        int delivery = md.indexOf("**Delivery**");
        int other = md.indexOf("**Other**");
        assertTrue(connection > 0 && connection < delivery && delivery < other, md);
        assertTrue(md.indexOf("`x.url`") < md.indexOf("`x.token`"), "ordered by orderInGroup within a group");
        assertTrue(md.indexOf("`x.filter`") > other, "a key without group goes to Other");
    }

    @Test
    void rendersEachKeyAsATableRow() {
        assertEquals("| `x.url` | string | (required) | an http:// or https:// URL | high | The server's base URL. |",
            row("x.url"));
        assertEquals("| `x.tags` | list | `a,b` |  | low | Tags. |", row("x.tags"));
        assertEquals("| `x.prefix` | string | \"\" |  | low | Prefix. |", row("x.prefix"));
        assertEquals("| `x.filter` | string | null |  | low | Filter. |", row("x.filter"));
        assertTrue(row("x.mode").contains("| `update` | [update, insert] | medium |"), row("x.mode"));
    }

    @Test
    void escapesPipesAndNewlinesInCells() {
        assertTrue(row("x.mode").endsWith("| How to write: a \\| b. Second line. |"), row("x.mode"));
        assertEquals(0, md.lines().filter(l -> l.startsWith("Second line")).count());
    }

    @Test
    void hidesPasswordDefaultsAndInternalKeys() {
        assertEquals("| `x.token` | password | [hidden] |  | high | The token. |", row("x.token"));
        assertFalse(md.contains("s3cret-default"), md);
        assertFalse(md.contains("x.internal"), md);
    }
}
