package io.datapoint.connect.heedy;

import org.apache.kafka.connect.data.Schema;

/**
 * A datapoint bound for heedy, with the Connect schema its {@code d} came with (null when schemaless), from which
 * a created timeseries gets its JSON Schema.
 */
record HeedySinkPoint(HeedyPoint point, Schema dataSchema) {
}
