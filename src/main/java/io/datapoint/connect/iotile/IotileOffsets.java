package io.datapoint.connect.iotile;

import io.datapoint.connect.core.source.OffsetCodec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IOTile source offsets, version 1:
 * {@code {"streamer_local_id": <highest device reading id delivered>, "ts": "<second of the newest API-written
 * reading delivered>", "ids": "<database ids delivered at that second, e.g. 1001-1500,1502>"}} (Connect stores
 * only primitive offset values, so the ids are one string, of ranges to stay short when a second is busy).
 * {@code ts} and {@code ids} are absent
 * until an API-written reading was delivered. {@code ts} is an ISO-8601 UTC second ({@code 2024-05-01T12:00:00Z});
 * epoch seconds are accepted too.
 *
 * <p>To rewind a stream, PATCH its offset: {@code {"streamer_local_id": 0}} reads every device reading again,
 * {@code {"streamer_local_id": 500, "ts": "2024-05-01T00:00:00Z", "ids": ""}} reads device readings after id 500 and
 * API-written readings from that second on; or reset it (offset null) to start from {@code start.position}.
 */
public final class IotileOffsets implements OffsetCodec<IotileCursor> {

    public static final int VERSION = 1;
    static final String STREAMER_ID = "streamer_local_id";
    static final String TS = "ts";
    static final String IDS = "ids";

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Map<String, Object> encode(IotileCursor cursor) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put(STREAMER_ID, cursor.streamerId());
        if (cursor.second() != null) {
            offset.put(TS, IotileClient.isoSecond(cursor.second()));
            // Connect stores only primitive offset values: the ids go as one string of ranges
            offset.put(IDS, cursor.ids().toString());
        }
        return offset;
    }

    @Override
    public IotileCursor decode(Map<String, ?> offset) {
        if (offset == null || !offset.containsKey(STREAMER_ID) && !offset.containsKey(TS)) {
            throw new IllegalArgumentException(shape("it needs 'streamer_local_id', 'ts' or both", offset));
        }
        long streamerId = 0;
        if (offset.get(STREAMER_ID) != null) {
            streamerId = wholeNumber(offset.get(STREAMER_ID), "field 'streamer_local_id' must be a non-negative"
                + " integer", offset);
        }
        Object ts = offset.get(TS);
        Object ids = offset.get(IDS);
        if (ts == null) {
            if (ids instanceof List<?> l && !l.isEmpty() || ids instanceof String str && !str.isBlank()) {
                throw new IllegalArgumentException(shape("field 'ids' needs 'ts', the second they were delivered at",
                    offset));
            }
            return new IotileCursor(streamerId, null, IotileIdRanges.EMPTY);
        }
        long second = second(ts, offset);
        IotileIdRanges delivered;
        if (ids == null) {
            delivered = IotileIdRanges.EMPTY;
        } else if (ids instanceof String text) {
            try {
                delivered = IotileIdRanges.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(shape("field 'ids' must be comma-separated non-negative reading"
                    + " ids or ranges such as 1001-1500", offset));
            }
        } else if (ids instanceof List<?> list) {
            List<Long> each = new ArrayList<>();
            for (Object id : list) {
                each.add(wholeNumber(id, "field 'ids' must hold non-negative integer reading ids", offset));
            }
            delivered = IotileIdRanges.of(each);
        } else {
            throw new IllegalArgumentException(shape("field 'ids' must be the comma-separated reading ids", offset));
        }
        return new IotileCursor(streamerId, second, delivered);
    }

    private static long second(Object ts, Map<String, ?> offset) {
        if (ts instanceof Number) {
            return wholeNumber(ts, "field 'ts' must be an ISO-8601 UTC time or epoch seconds", offset);
        }
        try {
            return Instant.parse(ts.toString().trim()).truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(shape("field 'ts' must be an ISO-8601 UTC time such as"
                + " 2024-05-01T12:00:00Z", offset));
        }
    }

    private static long wholeNumber(Object v, String problem, Map<String, ?> offset) {
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0
            || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(shape(problem, offset));
        }
        return n.longValue();
    }

    private static String shape(String problem, Map<String, ?> offset) {
        return "an IOTile offset is {\"streamer_local_id\": <highest device reading id delivered>, \"ts\":"
            + " \"<second of the newest API-written reading, e.g. 2024-05-01T12:00:00Z>\", \"ids\": \"<ids delivered at"
            + " that second, e.g. 1001-1500,1502>\"}: " + problem + ", but got " + offset;
    }
}
