package io.datapoint.connect.iotile.sim;

import java.time.Instant;

/**
 * One stored StreamData row. {@code timestamp} keeps microseconds, as the database does; the wire shows whole
 * seconds.
 */
public record SimRow(long id, String stream, String project, String device, String variable, String type,
                     Long deviceTimestamp, Instant timestamp, Long intValue, Double value, long streamerId,
                     boolean dirtyTs, String status) {

    /** The reading's whole epoch second. */
    public long second() {
        return timestamp.getEpochSecond();
    }
}
