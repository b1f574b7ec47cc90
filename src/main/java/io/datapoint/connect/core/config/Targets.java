package io.datapoint.connect.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A sink's alternative target settings (one stream, a topic map, a record field...): which are set, that exactly one
 * is, and the {@code topic:target} maps.
 */
public final class Targets {

    private Targets() {
    }

    /**
     * Adds an error when not exactly one target is set: on the first of {@code fields} when none is set ("Set one
     * target: a, b or c"), else on each field that is set ("Set only one target, but [a, b] are all set").
     *
     * @param config    the validation result to add errors to
     * @param fieldsSet the target fields that are set, in definition order
     * @param fields    all target fields, the one to name first when none is set
     */
    public static void requireExactlyOne(Config config, List<String> fieldsSet, String... fields) {
        if (fieldsSet.size() == 1) {
            return;
        }
        String message = fieldsSet.isEmpty() ? "Set one target: " + alternatives(fields)
            : "Set only one target, but " + fieldsSet + " are all set";
        for (String field : fieldsSet.isEmpty() ? List.of(fields[0]) : fieldsSet) {
            Validators.addError(config, field, message);
        }
    }

    /**
     * The fields of {@code fields} that are set, in the given order: a string that is not blank, or a list that is
     * not empty.
     */
    public static List<String> setFields(AbstractConfig config, String... fields) {
        List<String> set = new ArrayList<>();
        for (String field : fields) {
            ConfigDef.Type type = config.typeOf(field);
            boolean present = type == ConfigDef.Type.LIST ? !config.getList(field).isEmpty()
                : config.getString(field) != null && !config.getString(field).isBlank();
            if (present) {
                set.add(field);
            }
        }
        return set;
    }

    /**
     * Parses {@code topic:target} entries (Kafka topic names hold no ':', so the first one separates), naming the
     * first malformed entry.
     *
     * @param form   the expected form with an example, e.g. {@code "topic:objectId, e.g. readings:1a1f624e-..."}
     * @param target parses a target, throwing {@link IllegalArgumentException} for one that cannot be
     */
    public static <T> Map<String, T> parseTopicMap(List<?> entries, String form, Function<String, T> target) {
        Map<String, T> map = new LinkedHashMap<>();
        if (entries == null) {
            return map;
        }
        for (Object e : entries) {
            String s = e.toString().trim();
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("Each entry must be " + form + ", but got '" + s + "'");
            }
            map.put(s.substring(0, colon).trim(), target.apply(s.substring(colon + 1).trim()));
        }
        return map;
    }

    /** "a", "a or b", "a, b or c". */
    private static String alternatives(String... fields) {
        List<String> all = Arrays.asList(fields);
        if (all.size() == 1) {
            return all.get(0);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }
}
