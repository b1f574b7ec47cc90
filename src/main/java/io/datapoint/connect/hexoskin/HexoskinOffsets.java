package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.source.OffsetCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hexoskin source offsets, version 1:
 * {@code {"wm": <last_modified of the handled records>, "rec": <record being
 * read>, "rlm": <its last_modified>, "rend": <its last tick>, "t": <last tick delivered from it>, "done":
 * "<record>:<last tick>,..."}}; {@code rec}, {@code rlm}, {@code rend} and {@code t} only while a record is being
 * read. {@code {}} starts over from the first record; {@code {"wm": "2024-05-01T00:00:00+00:00"}} skips every record
 * last modified before that time.
 */
final class HexoskinOffsets implements OffsetCodec<HexoskinCursor> {

    static final int VERSION = 1;

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Map<String, Object> encode(HexoskinCursor c) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (c.wm() != null) {
            o.put("wm", c.wm());
        }
        if (c.inRecord()) {
            o.put("rec", c.rec());
            o.put("rlm", c.rlm());
            o.put("rend", c.rend());
            o.put("t", c.t());
        }
        if (!c.doneText().isEmpty()) {
            o.put("done", c.doneText());
        }
        return o;
    }

    @Override
    public HexoskinCursor decode(Map<String, ?> o) {
        if (o == null) {
            throw new IllegalArgumentException(shape("the offset is missing", null));
        }
        String wm = null;
        if (o.get("wm") != null) {
            if (!(o.get("wm") instanceof String s)) {
                throw new IllegalArgumentException(shape("field 'wm' must be a last_modified time string", o));
            }
            try {
                HexoskinRecording.parseTime(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(shape("field 'wm' is not an ISO-8601 time", o));
            }
            wm = s;
        }
        Long rec = o.get("rec") == null ? null : integer(o.get("rec"), "rec", o);
        String rlm = null;
        long rend = 0;
        long t = 0;
        if (rec != null) {
            if (!(o.get("rlm") instanceof String s)) {
                throw new IllegalArgumentException(shape("field 'rlm' must go with 'rec'", o));
            }
            rlm = s;
            rend = integer(o.get("rend"), "rend", o);
            t = integer(o.get("t"), "t", o);
        }
        Map<Long, Long> done = new LinkedHashMap<>();
        if (o.get("done") != null) {
            if (!(o.get("done") instanceof String s)) {
                throw new IllegalArgumentException(shape("field 'done' must be a string record:tick,...", o));
            }
            for (String pair : s.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                String[] p = pair.split(":");
                try {
                    done.put(Long.parseLong(p[0].trim()), Long.parseLong(p[1].trim()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(shape("field 'done' must be a string record:tick,...", o));
                }
            }
        }
        return new HexoskinCursor(wm, rec, rlm, rend, t, done);
    }

    private static long integer(Object v, String field, Map<String, ?> o) {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(shape("field '" + field + "' must be an integer", o));
        }
        return n.longValue();
    }

    private static String shape(String problem, Map<String, ?> offset) {
        return "a Hexoskin offset is {\"wm\": <last_modified watermark>, \"rec\":"
            + " <record being read>, \"rlm\": <its last_modified>, \"rend\": <its last tick>, \"t\": <last tick"
            + " delivered>, \"done\": \"<record>:<tick>,...\"} (all optional; {} starts over): " + problem
            + ", but got " + offset;
    }
}
