package io.datapoint.connect.core.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.config.SinkFormatConfig;
import io.datapoint.connect.core.schema.ConnectToJson;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink record's datapoint data as JSON, as {@link SinkFormatConfig#DATA_FIELD} says: the whole value, or the
 * value field at a dotted path.
 */
public final class RecordData {

    private final FieldPath field;

    /** @param field the value field holding the data, null for the whole value */
    public RecordData(FieldPath field) {
        this.field = field;
    }

    /** From a config that defines {@code data.field}. */
    public static RecordData from(AbstractConfig config) {
        return new RecordData(FieldPath.optional(config.getString(SinkFormatConfig.DATA_FIELD)));
    }

    /**
     * The record's data as JSON, with its Connect schema.
     *
     * @throws BadRecordException when the field is missing or the data cannot be written as JSON
     */
    public Json json(SinkRecord record) throws BadRecordException {
        FieldPath.Located data = field == null ? new FieldPath.Located(record.value(), record.valueSchema())
            : field.locate(record.value(), record.valueSchema());
        try {
            return new Json(ConnectToJson.convert(data.value(), data.schema()), data.schema());
        } catch (DataException e) {
            throw new BadRecordException("its data cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Data taken from a record.
     *
     * @param json   the data as JSON
     * @param schema its Connect schema, null when the record is schemaless
     */
    public record Json(JsonNode json, Schema schema) {
    }
}
