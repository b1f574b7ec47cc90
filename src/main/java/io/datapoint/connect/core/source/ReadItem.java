package io.datapoint.connect.core.source;

/**
 * One datapoint read from a stream.
 *
 * @param cursor  the position just after this datapoint; stored as the record's source offset
 * @param content what the Kafka record carries
 * @param <C>     the platform's cursor type
 */
public record ReadItem<C>(C cursor, RecordContent content) {
}
