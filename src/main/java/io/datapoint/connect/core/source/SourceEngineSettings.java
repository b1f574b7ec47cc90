package io.datapoint.connect.core.source;

import java.time.Duration;

/**
 * How the source engine schedules and buffers reads.
 *
 * @param pollInterval   how often a caught-up stream is read again when no push event wakes it earlier
 * @param batchSize      the most datapoints asked for in one read
 * @param bufferCapacity the most records held between fetching and {@code poll()}; fetching waits when it is full
 * @param pollTimeout    how long {@code poll()} waits for records before returning none
 * @param errorBackoffMax the longest wait before a stream that failed to read is tried again
 */
public record SourceEngineSettings(Duration pollInterval, int batchSize, int bufferCapacity, Duration pollTimeout,
                                   Duration errorBackoffMax) {

    public SourceEngineSettings {
        if (batchSize < 1 || bufferCapacity < 1) {
            throw new IllegalArgumentException("batch size and buffer capacity must be positive");
        }
    }
}
