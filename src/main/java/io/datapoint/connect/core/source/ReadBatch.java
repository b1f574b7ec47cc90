package io.datapoint.connect.core.source;

import java.util.List;

/**
 * One page read from a stream.
 *
 * @param items the datapoints in stream order, each with the cursor positioned just after it
 * @param more  true when the page was full and the stream probably has more right now (read again at once)
 * @param <C>   the platform's cursor type
 */
public record ReadBatch<C>(List<ReadItem<C>> items, boolean more) {

    public ReadBatch {
        items = List.copyOf(items);
    }

    /** A page with nothing in it. */
    public static <C> ReadBatch<C> empty() {
        return new ReadBatch<>(List.of(), false);
    }
}
