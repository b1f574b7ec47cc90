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
 * The offset of a flow: {@code {"ts": <creationDate ms>, "ids": [ids emitted at ts]}} as protocol section 10
 * recommends, plus {@code "ahead": {"<id>": <creationDate>}} for drops after ts emitted early (pushed, or inside the
 * visibility lag); {@code ahead} is left out when empty. To rewind a flow, PATCH {@code {"ts": <ms>, "ids": []}}.
 */
final class FlowthingsOffsets implements OffsetCodec<FlowthingsCursor> {

    static final String TS = "ts";
    static final String IDS = "ids";
    static final String AHEAD = "ahead";
    private static final String SHAPE = "expected {\"ts\": <creationDate in epoch ms>, \"ids\": [<drop ids at ts>],"
        + " optional \"ahead\": {<drop id>: <creationDate after ts>}}";

    @Override
    public int version() {
        return 1;
    }

    @Override
    public Map<String, Object> encode(FlowthingsCursor c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(TS, c.ts());
        List<String> ids = new ArrayList<>(c.ids());
        ids.sort(null);
        out.put(IDS, ids);
        if (!c.ahead().isEmpty()) {
            out.put(AHEAD, new HashMap<>(c.ahead()));
        }
        return out;
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
        Object rawIds = offset.get(IDS);
        if (rawIds != null) {
            if (!(rawIds instanceof List<?> list)) {
                throw new IllegalArgumentException("field 'ids' must be a list of drop ids; " + SHAPE);
            }
            for (Object id : list) {
                if (!(id instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException("field 'ids' must hold drop id strings but held " + id);
                }
                ids.add(s);
            }
        }
        Map<String, Long> ahead = new HashMap<>();
        Object rawAhead = offset.get(AHEAD);
        if (rawAhead != null) {
            if (!(rawAhead instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("field 'ahead' must map drop ids to creationDates; " + SHAPE);
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String id) || !(e.getValue() instanceof Number date)
                    || date.longValue() <= ts.longValue()) {
                    throw new IllegalArgumentException("field 'ahead' must map drop ids to creationDates after ts,"
                        + " but held " + e.getKey() + "=" + e.getValue());
                }
                ahead.put(id, date.longValue());
            }
        }
        return new FlowthingsCursor(ts.longValue(), ids, ahead);
    }
}
