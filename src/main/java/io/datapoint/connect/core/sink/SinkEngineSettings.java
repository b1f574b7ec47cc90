package io.datapoint.connect.core.sink;

import java.time.Duration;

/**
 * How the sink engine batches and writes.
 *
 * @param batchMaxRecords most records in one write
 * @param batchMaxBytes   most estimated bytes in one write
 * @param linger          how long a partly filled batch waits for more records before it is written
 * @param writeThreads    how many targets are written concurrently (each target is written by one thread at a time)
 * @param maxPending      most records accepted but not yet durable; {@code put} waits beyond it
 */
public record SinkEngineSettings(int batchMaxRecords, long batchMaxBytes, Duration linger, int writeThreads,
                                 int maxPending) {
}
