package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.source.OffsetCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ConnectorDB source offsets, version 1: {@code {"i": <next index>, "t": <timestamp of the datapoint at i-1>}}. To
 * rewind a stream, PATCH its offset to a smaller {@code i} (with or without {@code t}; {@code {"i": 0}} starts over),
 * or reset it (offset null) to start from {@code start.position}.
 */
public final class ConnectorDbOffsets implements OffsetCodec<ConnectorDbCursor> {

    public static final int VERSION = 1;
    static final String I = "i";
    static final String T = "t";

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Map<String, Object> encode(ConnectorDbCursor cursor) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put(I, cursor.next());
        if (cursor.lastT() != null) {
            offset.put(T, cursor.lastT());
        }
        return offset;
    }

    @Override
    public ConnectorDbCursor decode(Map<String, ?> offset) {
        Object i = offset == null ? null : offset.get(I);
        if (!(i instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())
            || Double.isInfinite(n.doubleValue())) {
            throw new IllegalArgumentException(shape("field 'i' must be a non-negative integer", offset));
        }
        Object t = offset.get(T);
        if (t != null && !(t instanceof Number tn && Double.isFinite(tn.doubleValue()))) {
            throw new IllegalArgumentException(shape("field 't' must be a number (seconds) when present", offset));
        }
        return new ConnectorDbCursor(n.longValue(), t == null ? null : ((Number) t).doubleValue());
    }

    private static String shape(String problem, Map<String, ?> offset) {
        return "a ConnectorDB offset is {\"i\": <index of the next datapoint>, \"t\": <timestamp of the datapoint"
            + " before it, optional>}: " + problem + ", but got " + offset;
    }
}
