package io.datapoint.connect.core.source;

import java.io.IOException;

/**
 * Reads one platform stream in order, page by page, after a cursor. Implemented by each platform; called by the
 * {@link SourceEngine} from a single thread, so an implementation need not be thread-safe.
 *
 * @param <C> the platform's cursor: an immutable position in the stream
 */
public interface StreamReader<C> {

    /** The stream's identity: the {@code stream} field of its source partition and the key of its metrics. */
    String streamId();

    /**
     * The cursor to start from when no offset is stored for this stream, derived from the configured start position.
     * It may ask the platform (for example where the stream ends now).
     */
    C initialCursor() throws IOException, InterruptedException;

    /**
     * Reads the datapoints that come strictly after {@code cursor}, oldest first, at most {@code maxRecords}.
     *
     * @throws StreamUnavailableException when the stream is gone or unreadable (the engine parks it)
     * @throws org.apache.kafka.connect.errors.ConnectException when the task cannot go on (for example a rejected token)
     * @throws IOException for transient failures; the engine retries later with a backoff
     */
    ReadBatch<C> readAfter(C cursor, int maxRecords) throws IOException, InterruptedException;
}
