package io.datapoint.connect.hexoskin.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Tastypie list semantics over JSON objects: {@code field__lookup=value} filters (no lookup means exact; {@code __in}
 * takes a comma list; a related field takes an id or a URI; parameters that are not declared filters are silently
 * ignored, as Tastypie does), {@code order_by} restricted to the declared fields (comma list, {@code -} for
 * descending), and {@code limit}/{@code offset} pagination with a host-relative {@code meta.next}.
 */
final class ListQuery {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> CONTROL = Set.of("limit", "offset", "order_by", "format");
    private static final Set<String> TIMES = Set.of("last_modified", "start_date", "end_date", "created");
    private static final Set<String> RELATED = Set.of("user", "record", "datatype", "device", "range");

    /** A refused query (400). */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private ListQuery() {
    }

    /**
     * Filters, orders and paginates {@code objects} as the query of {@code url} asks.
     *
     * @param filters  per filterable field, its allowed lookups
     * @param ordering the fields {@code order_by} accepts
     */
    static ObjectNode answer(HttpUrl url, List<ObjectNode> objects, Map<String, Set<String>> filters,
                             Set<String> ordering) throws Invalid {
        List<ObjectNode> matched = new ArrayList<>();
        for (ObjectNode o : objects) {
            if (matches(url, o, filters)) {
                matched.add(o);
            }
        }
        String orderBy = url.queryParameter("order_by");
        if (orderBy != null && !orderBy.isBlank()) {
            Comparator<ObjectNode> cmp = null;
            for (String f : orderBy.split(",")) {
                boolean desc = f.startsWith("-");
                String field = desc ? f.substring(1) : f;
                if (!ordering.contains(field)) {
                    throw new Invalid("No matching '" + field + "' field for ordering on.");
                }
                Comparator<ObjectNode> c = (a, b) -> compare(field, a.get(field), b.get(field));
                if (desc) {
                    c = c.reversed();
                }
                cmp = cmp == null ? c : cmp.thenComparing(c);
            }
            matched.sort(cmp);
        }
        int limit = intParam(url, "limit", DEFAULT_LIMIT);
        if (limit == 0 || limit > MAX_LIMIT) {
            limit = MAX_LIMIT;
        }
        int offset = intParam(url, "offset", 0);
        ObjectNode body = HexoskinSimulator.JSON.createObjectNode();
        ObjectNode meta = body.putObject("meta");
        meta.put("limit", limit).put("offset", offset).put("total_count", matched.size());
        int to = Math.min(matched.size(), offset + limit);
        meta.put("next", to < matched.size() ? relative(url, limit, to) : null);
        meta.put("previous", offset > 0 ? relative(url, limit, Math.max(0, offset - limit)) : null);
        ArrayNode out = body.putArray("objects");
        for (int i = offset; i < to; i++) {
            out.add(matched.get(i));
        }
        return body;
    }

    private static String relative(HttpUrl url, int limit, int offset) {
        HttpUrl u = url.newBuilder().setQueryParameter("limit", Integer.toString(limit))
            .setQueryParameter("offset", Integer.toString(offset)).build();
        return u.encodedPath() + "?" + u.encodedQuery();
    }

    private static int intParam(HttpUrl url, String name, int dflt) throws Invalid {
        String v = url.queryParameter(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new Invalid("Invalid " + name + " '" + v + "' provided. Please provide a positive integer.");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Invalid("Invalid " + name + " '" + v + "' provided. Please provide a positive integer.");
        }
    }

    private static boolean matches(HttpUrl url, ObjectNode o, Map<String, Set<String>> filters) throws Invalid {
        for (String name : url.queryParameterNames()) {
            if (CONTROL.contains(name)) {
                continue;
            }
            int sep = name.indexOf("__");
            String field = sep < 0 ? name : name.substring(0, sep);
            String lookup = sep < 0 ? "exact" : name.substring(sep + 2);
            Set<String> allowed = filters.get(field);
            if (allowed == null) {
                continue; // Tastypie skips undeclared parameters
            }
            if (!allowed.contains(lookup)) {
                throw new Invalid("The '" + field + "' field does not allow the '" + lookup + "' filter.");
            }
            for (String value : url.queryParameterValues(name)) {
                if (!test(field, lookup, o.get(field), value)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean test(String field, String lookup, JsonNode actual, String value) throws Invalid {
        if (actual == null || actual.isNull()) {
            return lookup.equals("isnull") && Boolean.parseBoolean(value);
        }
        switch (lookup) {
            case "in" -> {
                for (String v : value.split(",")) {
                    if (compare(field, actual, parse(field, v)) == 0) {
                        return true;
                    }
                }
                return false;
            }
            case "range" -> {
                String[] p = value.split(",");
                if (p.length != 2) {
                    throw new Invalid("The range lookup of '" + field + "' takes two comma-separated values.");
                }
                return compare(field, actual, parse(field, p[0])) >= 0 && compare(field, actual, parse(field, p[1])) <= 0;
            }
            case "isnull" -> {
                return !Boolean.parseBoolean(value);
            }
            case "startswith" -> {
                return actual.asText().startsWith(value);
            }
            case "contains" -> {
                return actual.asText().contains(value);
            }
            default -> {
                int c = compare(field, actual, parse(field, value));
                return switch (lookup) {
                    case "exact" -> c == 0;
                    case "gt" -> c > 0;
                    case "gte" -> c >= 0;
                    case "lt" -> c < 0;
                    case "lte" -> c <= 0;
                    default -> throw new Invalid("Unknown lookup '" + lookup + "'.");
                };
            }
        }
    }

    private static JsonNode parse(String field, String v) throws Invalid {
        if (TIMES.contains(field)) {
            try {
                return HexoskinSimulator.JSON.getNodeFactory().textNode(SimTimes.format(SimTimes.parse(v)));
            } catch (RuntimeException e) {
                throw new Invalid("'" + v + "' is not a valid datetime for '" + field + "'.");
            }
        }
        return HexoskinSimulator.JSON.getNodeFactory().textNode(v);
    }

    /** Compares a stored value with a filter or another stored value: times as times, ids and numbers as numbers. */
    static int compare(String field, JsonNode a, JsonNode b) {
        if (a == null || a.isNull() || b == null || b.isNull()) {
            return a == null || a.isNull() ? (b == null || b.isNull() ? 0 : -1) : 1;
        }
        if (TIMES.contains(field)) {
            Instant x = SimTimes.parse(a.asText());
            Instant y = SimTimes.parse(b.asText());
            return x.compareTo(y);
        }
        if (RELATED.contains(field)) {
            return Long.compare(SimTimes.idOf(a.asText()), SimTimes.idOf(b.asText()));
        }
        if (a.isNumber() || b.isNumber()) {
            try {
                return Double.compare(Double.parseDouble(a.asText()), Double.parseDouble(b.asText()));
            } catch (NumberFormatException e) {
                return a.asText().compareTo(b.asText());
            }
        }
        return a.asText().compareTo(b.asText());
    }
}
