package io.datapoint.connect.iotile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 * @param ids        the ids of the API-written readings delivered at {@code second}, ascending
 */
public record IotileCursor(long streamerId, Long second, List<Long> ids) {

    public IotileCursor {
        if (streamerId < 0) {
            throw new IllegalArgumentException("streamer_local_id must not be negative but is " + streamerId);
        }
        List<Long> sorted = new ArrayList<>(ids == null ? List.of() : ids);
        Collections.sort(sorted);
        if (second == null && !sorted.isEmpty()) {
            throw new IllegalArgumentException("ids need the second they were delivered at");
        }
        ids = List.copyOf(sorted);
    }

    /** Before every reading. */
    public static IotileCursor beginning() {
        return new IotileCursor(0, null, List.of());
    }

    /** Whether an API-written reading at {@code epochSecond} with this id was already delivered. */
    boolean delivered(long epochSecond, long id) {
        return second != null && (epochSecond < second || epochSecond == second && Collections.binarySearch(ids,
            id) >= 0);
    }

    /** Just after the API-written reading with this id at {@code epochSecond} (not before the cursor's second). */
    IotileCursor afterApiReading(long epochSecond, long id) {
        if (second != null && epochSecond == second) {
            List<Long> more = new ArrayList<>(ids.size() + 1);
            more.addAll(ids);
            more.add(id);
            return new IotileCursor(streamerId, second, more);
        }
        return new IotileCursor(streamerId, epochSecond, List.of(id));
    }

    /** Just after the device reading with this reading id. */
    IotileCursor afterDeviceReading(long readingId) {
        return new IotileCursor(Math.max(streamerId, readingId), second, ids);
    }
}
