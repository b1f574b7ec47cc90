package io.datapoint.connect.core.sink;

import java.io.IOException;
import java.util.List;

/**
 * Appends batches of datapoints to target streams of one platform. Implemented by each platform. Called for one
 * target from one thread at a time, batches of a target in Kafka order; writes must be idempotent, because a batch is
 * written again after a failure whose outcome is unknown.
 *
 * @param <P> the platform's datapoint type
 */
public interface StreamWriter<P> {

    /**
     * Writes the datapoints (in Kafka order; the writer sorts or de-duplicates as its platform requires).
     *
     * @throws RejectedBatchException when the platform refused the content of the batch (the engine bisects it)
     * @throws org.apache.kafka.connect.errors.ConnectException when the task cannot go on
     * @throws IOException when the write failed after the transport's retries
     */
    void write(String target, List<P> points) throws IOException, RejectedBatchException;
}
