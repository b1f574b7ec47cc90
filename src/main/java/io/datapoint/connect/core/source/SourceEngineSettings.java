package io.datapoint.connect.core.source;

import java.time.Duration;

/**
 * How the source engine schedules and buffers reads.
 *
 * @param pollInterval    how often a stream that just delivered data, or was woken by a push event, is read again
 * @param batchSize       the most datapoints asked for in one read
 * @param bufferCapacity  the most records held between fetching and {@code poll()}; fetching waits when it is full
 * @param pollTimeout     how long {@code poll()} waits for records before returning none
 * @param errorBackoffMax the longest wait before a stream that failed to read is tried again
 * @param idleMax         the longest wait between reads of an idle stream: each read that finds nothing doubles the
 *                        wait, from {@code pollInterval} up to this (at or below {@code pollInterval}: no backoff)
 * @param pushIdleMax     the same ceiling while a push channel is connected (pushes wake streams at once, and each
 *                        reconnect catches every stream up); never below {@code idleMax}
 */
public record SourceEngineSettings(Duration pollInterval, int batchSize, int bufferCapacity, Duration pollTimeout,
                                   Duration errorBackoffMax, Duration idleMax, Duration pushIdleMax) {

    public SourceEngineSettings {
        if (batchSize < 1 || bufferCapacity < 1) {
            throw new IllegalArgumentException("batch size and buffer capacity must be positive");
        }
        idleMax = idleMax.compareTo(pollInterval) < 0 ? pollInterval : idleMax;
        pushIdleMax = pushIdleMax.compareTo(idleMax) < 0 ? idleMax : pushIdleMax;
    }

    /** Settings that read every caught-up stream at the poll interval, idle or not, pushed or not. */
    public SourceEngineSettings(Duration pollInterval, int batchSize, int bufferCapacity, Duration pollTimeout,
                                Duration errorBackoffMax) {
        this(pollInterval, batchSize, bufferCapacity, pollTimeout, errorBackoffMax, pollInterval, pollInterval);
    }
}
