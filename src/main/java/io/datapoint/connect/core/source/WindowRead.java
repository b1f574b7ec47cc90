package io.datapoint.connect.core.source;

import java.io.IOException;
import java.util.List;

/**
 * A read of datapoints that lie before a stream's cursor, such as points back-filled into a window that was already
 * read. The records it returns are emitted with the stream's current offset, which therefore never moves back.
 */
@FunctionalInterface
public interface WindowRead {

    /** Reads the window; called on the engine's fetch thread in the stream's turn. */
    List<RecordContent> read() throws IOException, InterruptedException;
}
