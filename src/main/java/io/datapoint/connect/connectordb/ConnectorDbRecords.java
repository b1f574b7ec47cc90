package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.schema.AvroNames;
import io.datapoint.connect.core.schema.DataField;
import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns the datapoints of one ConnectorDB stream (or downlink substream) into Kafka record content: key = the path
 * ({@code user/device/stream[/downlink]}); value = an {@code io.datapoint.connect.connectordb.Datapoint} struct
 * {t seconds, d, o the writing device (downlink commands)}; timestamp = t in ms; headers with the platform, the path
 * and the index. {@code d} is typed from the stream's JSON Schema when it pins a type and the connector is configured
 * for typed data, else it is the datapoint's JSON text. The schema is built once per stream.
 */
final class ConnectorDbRecords {

    static final String VALUE_SCHEMA_NAME = "io.datapoint.connect.connectordb.Datapoint";
    static final String HEADER_INDEX = "datapoint.index";

    private final String path;
    private final String topic;
    private final DataField data;
    private final Schema valueSchema;

    /** @param typed true to type {@code d} from the stream's JSON Schema where it pins a type */
    ConnectorDbRecords(ConnectorDbPath path, JsonNode jsonSchema, String topic, boolean typed) {
        this.path = path.toString();
        this.topic = topic;
        this.data = new DataField(jsonSchema, AvroNames.fullName("io.datapoint.connect.connectordb.data",
            path.user() + "_" + path.device() + "_" + path.stream()), typed);
        this.valueSchema = SchemaBuilder.struct().name(VALUE_SCHEMA_NAME).version(1)
            .doc("A ConnectorDB datapoint: t in seconds, d as the stream's schema says, o the device that wrote it"
                + " when that was not the stream's owner")
            .field("t", Schema.FLOAT64_SCHEMA)
            .field("d", data.schema())
            .field("o", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    }

    Schema valueSchema() {
        return valueSchema;
    }

    String topic() {
        return topic;
    }

    /**
     * The record content of the datapoint at {@code index}.
     *
     * @throws DataException naming the stream and index when {@code d} does not fit the stream's schema
     */
    RecordContent content(ConnectorDbPoint p, long index) {
        Struct value = new Struct(valueSchema).put("t", p.t()).put("d", data(p, index)).put("o", p.o());
        ConnectHeaders headers = RecordHeaders.of("connectordb", path);
        headers.addLong(HEADER_INDEX, index);
        long millis = Math.round(p.t() * 1000.0);
        return new RecordContent(topic, Schema.STRING_SCHEMA, path, valueSchema, value, millis, headers, millis);
    }

    private Object data(ConnectorDbPoint p, long index) {
        try {
            return data.value(p.d(), () -> "ConnectorDB stream " + path + " at index " + index);
        } catch (DataField.MisfitException e) {
            throw new DataException("The datapoint at index " + index + " of ConnectorDB stream " + path
                + " does not fit the stream's schema: " + e.getMessage() + ". Fix the stream's schema, or set"
                + " data.format=json to deliver d as JSON text.", e.getCause());
        }
    }
}
