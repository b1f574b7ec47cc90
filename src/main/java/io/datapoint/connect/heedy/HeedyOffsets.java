package io.datapoint.connect.heedy;

import io.datapoint.connect.core.source.OffsetCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * heedy source offsets, version 1: {@code {"t": <last emitted timestamp in seconds>}}. To rewind an object, PATCH its
 * offset to an earlier {@code t} (the next datapoint after it is read next), or reset it (offset null) to start over
 * from {@code start.position}.
 */
public final class HeedyOffsets implements OffsetCodec<HeedyCursor> {

    public static final int VERSION = 1;
    static final String T = "t";
    private static final String START = "start";

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Map<String, Object> encode(HeedyCursor cursor) {
        Map<String, Object> offset = new LinkedHashMap<>();
        if (cursor.afterT() != null) {
            offset.put(T, cursor.afterT());
        } else {
            offset.put(START, cursor.fromT() == null ? "earliest" : cursor.fromT());
        }
        return offset;
    }

    @Override
    public HeedyCursor decode(Map<String, ?> offset) {
        Object t = offset == null ? null : offset.get(T);
        if (t instanceof Number n && Double.isFinite(n.doubleValue())) {
            return HeedyCursor.after(n.doubleValue());
        }
        if (t == null && offset != null && offset.get(START) instanceof String s) {
            return "earliest".equals(s) ? HeedyCursor.beginning() : HeedyCursor.from(s);
        }
        throw new IllegalArgumentException("a heedy offset is {\"t\": <timestamp in seconds, a number>}, the time of"
            + " the last datapoint delivered, but got " + offset);
    }
}
