/**
 * Schema mapping shared by every platform: platform JSON Schema → Connect schema ({@link
 * io.datapoint.connect.core.schema.JsonSchemaMapper}), JSON values ↔ Connect values ({@link
 * io.datapoint.connect.core.schema.JsonToConnect}, {@link io.datapoint.connect.core.schema.ConnectToJson}), Connect
 * schema → JSON Schema for sinks ({@link io.datapoint.connect.core.schema.ConnectToJsonSchema}), and Avro-valid names
 * ({@link io.datapoint.connect.core.schema.AvroNames}).
 *
 * <p>Two schema parameters tie the pieces together: {@code json.name} on a struct field's schema keeps the original
 * JSON property name when the Avro-valid field name differs, and {@code json.text=true} on a STRING schema marks a
 * value that holds serialized JSON (written compactly by JsonToConnect, parsed back by ConnectToJson, any JSON in
 * ConnectToJsonSchema).
 */
package io.datapoint.connect.core.schema;
