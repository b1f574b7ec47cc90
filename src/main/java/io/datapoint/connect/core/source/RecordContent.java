package io.datapoint.connect.core.source;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * The platform-specific part of a source record; the engine adds the source partition and offset.
 *
 * @param topic       destination topic
 * @param keySchema   schema of the key
 * @param key         the stream identity
 * @param valueSchema schema of the value
 * @param value       the datapoint
 * @param timestamp   the datapoint's time in epoch milliseconds
 * @param headers     platform, stream and position headers
 * @param eventTime   the datapoint's time in epoch milliseconds used for lag metrics
 */
public record RecordContent(String topic, Schema keySchema, Object key, Schema valueSchema, Object value,
                            Long timestamp, ConnectHeaders headers, long eventTime) {
}
