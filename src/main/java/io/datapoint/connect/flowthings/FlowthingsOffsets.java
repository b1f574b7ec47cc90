package io.datapoint.connect.flowthings;

import io.datapoint.connect.core.source.OffsetCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offset of a flow: {@code {"ts": <creationDate ms>, "ids": "<ids emitted at ts, comma-separated>"}} as
 * protocol section 10 recommends, plus {@code "ahead": "<id>:<creationDate>,..."} for drops after ts emitted early
 * (pushed, or inside the visibility lag), left out when empty. Kafka Connect stores only primitive offset values, so
 * the lists are comma-separated strings (drop ids hold no commas); JSON arrays and objects are accepted too when an
 * offset is altered through the REST API. To rewind a flow, PATCH {@code {"ts": <ms>, "ids": ""}}.
 */
final class FlowthingsOffsets implements OffsetCodec<FlowthingsCursor> {

    static final String TS = "ts";
    static final String IDS = "ids";
    static final String AHEAD = "ahead";
    private static final String SHAPE = "expected {\"ts\": <creationDate in epoch ms>, \"ids\": \"<drop ids at ts,"
        + " comma-separated>\", optional \"ahead\": \"<drop id>:<creationDate after ts>,...\"}";

    @Override
    public int version() {
        return 1;
    }

    @Override
    public Map<String, Object> encode(FlowthingsCursor c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(TS, c.ts());
        out.put(IDS, sortedIds(c.ids()));
        if (!c.ahead().isEmpty()) {
            List<String> ahead = new ArrayList<>();
            c.ahead().forEach((id, date) -> ahead.add(id + ":" + date));
            ahead.sort(null);
            out.put(AHEAD, String.join(",", ahead));
        }
        return out;
    }

    /** The ids sorted and joined with commas; at most one id (a drop per millisecond) needs neither. */
    private static String sortedIds(Set<String> ids) {
        if (ids.size() <= 1) {
            return ids.isEmpty() ? "" : ids.iterator().next();
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        return String.join(",", sorted);
    }

    @Override
    public FlowthingsCursor decode(Map<String, ?> offset) {
        if (offset == null) {
            throw new IllegalArgumentException("the offset is missing; " + SHAPE);
        }
        if (!(offset.get(TS) instanceof Number ts) || ts.longValue() < 0) {
            throw new IllegalArgumentException("field 'ts' must be a non-negative number but was " + offset.get(TS)
                + "; " + SHAPE);
        }
        Set<String> ids = new HashSet<>();
        for (String id : items(offset.get(IDS), IDS)) {
            if (id.contains(":")) {
                throw new IllegalArgumentException("field 'ids' must hold drop ids but held '" + id + "'; " + SHAPE);
            }
            ids.add(id);
        }
        Map<String, Long> ahead = new HashMap<>();
        Object rawAhead = offset.get(AHEAD);
        if (rawAhead instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                ahead.put(String.valueOf(e.getKey()), date(String.valueOf(e.getValue()), ts.longValue()));
            }
        } else {
            for (String entry : items(rawAhead, AHEAD)) {
                int colon = entry.lastIndexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("field 'ahead' must hold <drop id>:<creationDate> entries but"
                        + " held '" + entry + "'; " + SHAPE);
                }
                ahead.put(entry.substring(0, colon), date(entry.substring(colon + 1), ts.longValue()));
            }
        }
        return new FlowthingsCursor(ts.longValue(), ids, ahead);
    }

    private static long date(String text, long ts) {
        try {
            long date = Long.parseLong(text.trim());
            if (date > ts) {
                return date;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("field 'ahead' must give creationDates after ts but gave '" + text + "'; "
            + SHAPE);
    }

    /** The entries of a comma-separated string or a JSON array; none for null. */
    private static List<String> items(Object raw, String field) {
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (raw instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException("field '" + field + "' must hold strings but held " + o);
                }
                out.add(s.trim());
            }
            return out;
        }
        throw new IllegalArgumentException("field '" + field + "' must be a comma-separated string; " + SHAPE);
    }
}
