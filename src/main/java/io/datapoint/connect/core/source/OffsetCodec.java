package io.datapoint.connect.core.source;

import java.util.Map;

/**
 * Translates a platform cursor to and from the map stored as a Kafka Connect source offset.
 *
 * @param <C> the platform's cursor type
 */
public interface OffsetCodec<C> {

    /** The offset format version, stored as the {@code v} field of the source partition. */
    int version();

    /**
     * The offset to store for this cursor. Values must be primitive (String, Number, Boolean): Kafka Connect refuses
     * to store lists and maps in an offset.
     */
    Map<String, Object> encode(C cursor);

    /**
     * The cursor a stored offset names.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed and the shape that is expected,
     *                                  so that a user rewinding through the REST API learns what to send
     */
    C decode(Map<String, ?> offset);
}
