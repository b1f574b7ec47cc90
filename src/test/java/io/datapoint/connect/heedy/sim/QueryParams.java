package io.datapoint.connect.heedy.sim;

import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Query decoding as heedy's gorilla/schema decoders do it: names match case-insensitively, any
 * unknown name is a 400 {@code schema: invalid path "name"}, the last value of a repeated name
 * wins, and an empty value leaves the field unset.
 */
final class QueryParams {
    private final Map<String, String> values;
    private final Map<String, String> spelled;

    private QueryParams(Map<String, String> values, Map<String, String> spelled) {
        this.values = values;
        this.spelled = spelled;
    }

    /** Decodes strictly against {@code allowed} (lower-case names). */
    static QueryParams strict(HttpUrl url, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> spelled = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int k = 0; k < url.querySize(); k++) {
            String name = url.queryParameterName(k);
            String lower = name.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                if (!unknown.contains(name)) {
                    unknown.add(name);
                }
                continue;
            }
            String v = url.queryParameterValue(k);
            values.put(lower, v == null ? "" : v);
            spelled.put(lower, name);
        }
        if (!unknown.isEmpty()) {
            String first = "schema: invalid path \"" + unknown.get(0) + "\"";
            int more = unknown.size() - 1;
            if (more == 1) {
                first += " (and 1 other error)";
            } else if (more > 1) {
                first += " (and " + more + " other errors)";
            }
            throw new HeedyError(400, first);
        }
        return new QueryParams(values, spelled);
    }

    /** The raw value, {@code ""} included (list filters give empty values a meaning). */
    String raw(String name) {
        return values.get(name);
    }

    /** The value, or null when absent or empty (gorilla leaves a field unset on an empty value). */
    String string(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    Long int64(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw conversion(name);
        }
    }

    Boolean bool(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw conversion(name);
        };
    }

    private HeedyError conversion(String name) {
        return new HeedyError(
                400, "schema: error converting value for \"" + spelled.get(name) + "\"");
    }
}
