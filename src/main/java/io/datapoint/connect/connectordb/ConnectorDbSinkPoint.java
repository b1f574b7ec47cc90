package io.datapoint.connect.connectordb;

import org.apache.kafka.connect.data.Schema;

/**
 * A datapoint bound for ConnectorDB, with the Connect schema its {@code d} came with (null when schemaless), from
 * which a created stream gets its JSON Schema.
 */
record ConnectorDbSinkPoint(ConnectorDbPoint point, Schema dataSchema) {
}
