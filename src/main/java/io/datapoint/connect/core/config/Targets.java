package io.datapoint.connect.core.config;

import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.config.Config;

/** Checks that a sink sets exactly one of its alternative target settings (one stream, a topic map, a field...). */
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

    /** "a", "a or b", "a, b or c". */
    private static String alternatives(String... fields) {
        List<String> all = Arrays.asList(fields);
        if (all.size() == 1) {
            return all.get(0);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }
}
