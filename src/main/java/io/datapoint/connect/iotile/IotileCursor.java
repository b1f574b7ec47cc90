package io.datapoint.connect.iotile;

/**
 * Where the next read of an IOTile stream starts. A stream holds two kinds of readings, read with two cursors:
 * <ul>
 *   <li>device readings ({@code streamer_local_id > 0}): the highest reading id delivered. A device's late upload
 *   gets higher ids than anything acknowledged before, so it is found although its timestamps are old;</li>
 *   <li>readings written through the API ({@code streamer_local_id = 0}): the whole second of the newest one
 *   delivered and the database ids delivered at that second. The wire drops sub-second parts, so the next read
 *   starts at that second again (inclusive) and skips those ids.</li>
 * </ul>
 *
 * @param streamerId the highest {@code streamer_local_id} delivered, 0 before any device reading
 * @param second     the epoch second of the newest API-written reading delivered, null before any
 * @param ids        the ids of the API-written readings delivered at {@code second}
 */
public record IotileCursor(long streamerId, Long second, IotileIdRanges ids) {

    public IotileCursor {
        if (streamerId < 0) {
            throw new IllegalArgumentException("streamer_local_id must not be negative but is " + streamerId);
        }
        ids = ids == null ? IotileIdRanges.EMPTY : ids;
        if (second == null && !ids.isEmpty()) {
            throw new IllegalArgumentException("ids need the second they were delivered at");
        }
    }

    /** Before every reading. */
    public static IotileCursor beginning() {
        return new IotileCursor(0, null, IotileIdRanges.EMPTY);
    }

    /** Whether an API-written reading at {@code epochSecond} with this id was already delivered. */
    boolean delivered(long epochSecond, long id) {
        return second != null && (epochSecond < second || epochSecond == second && ids.contains(id));
    }

    /** Just after the API-written reading with this id at {@code epochSecond} (not before the cursor's second). */
    IotileCursor afterApiReading(long epochSecond, long id) {
        if (second != null && epochSecond == second) {
            return new IotileCursor(streamerId, second, ids.with(id));
        }
        return new IotileCursor(streamerId, epochSecond, IotileIdRanges.EMPTY.with(id));
    }

    /** Just after the device reading with this reading id. */
    IotileCursor afterDeviceReading(long readingId) {
        return new IotileCursor(Math.max(streamerId, readingId), second, ids);
    }
}
