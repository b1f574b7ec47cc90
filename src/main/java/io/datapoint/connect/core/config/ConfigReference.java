package io.datapoint.connect.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** Renders a connector's ConfigDef as a Markdown reference, grouped, in definition order. */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** A Markdown section: a heading, then one table per group. */
    public static String markdown(String heading, String connectorClass, ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(heading).append("\n\n`connector.class`: `").append(connectorClass).append("`\n\n");
        Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (key.internalConfig) {
                continue;
            }
            groups.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : groups.entrySet()) {
            List<ConfigDef.ConfigKey> keys = new ArrayList<>(group.getValue());
            keys.sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
            out.append("**").append(group.getKey()).append("**\n\n")
                .append("| key | type | default | valid values | importance | description |\n")
                .append("|---|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : keys) {
                out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultText(key)).append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase()).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "[hidden]";
        }
        String s = key.defaultValue instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(key.defaultValue);
        return s.isEmpty() ? "\"\"" : "`" + s + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
