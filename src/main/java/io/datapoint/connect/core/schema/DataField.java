package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * The data field ({@code d}) of a platform's source records: typed from the stream's JSON Schema where it pins a
 * type and the connector asks for typed data, else the datapoint's JSON text. Built once per stream, so a schema
 * registry sees one version per stream.
 */
public final class DataField {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schema schema;
    private final boolean asJsonText;

    /**
     * @param jsonSchema the stream's JSON Schema, null when it has none
     * @param structName the Avro full name of the data struct (sanitized by the mapper)
     * @param typed      whether the connector asks for typed data ({@code data.format=typed})
     */
    public DataField(JsonNode jsonSchema, String structName, boolean typed) {
        Optional<Schema> mapped = typed ? JsonSchemaMapper.toConnect(jsonSchema, structName) : Optional.empty();
        this.asJsonText = mapped.isEmpty();
        this.schema = mapped.orElse(Schema.OPTIONAL_STRING_SCHEMA);
    }

    /** The field's schema: the mapped one, or an optional string of JSON text. */
    public Schema schema() {
        return schema;
    }

    /**
     * A datapoint's {@code d} as {@link #schema()} says: null for a missing or JSON null {@code d}, JSON text, or the
     * converted value.
     *
     * @param whose names the datapoint in a serialization error, e.g. "heedy object 1a2b at t=3.5"
     * @throws MisfitException when {@code d} does not fit the mapped schema; the platform says what to fix
     * @throws DataException   when {@code d} cannot be serialized ("Cannot serialize d of " + whose)
     */
    public Object value(JsonNode d, Supplier<String> whose) {
        if (d == null || d.isNull()) {
            return null;
        }
        if (asJsonText) {
            try {
                return JSON.writeValueAsString(d);
            } catch (JsonProcessingException e) {
                throw new DataException("Cannot serialize d of " + whose.get(), e);
            }
        }
        try {
            return JsonToConnect.convert(d, schema);
        } catch (DataException e) {
            throw new MisfitException(e);
        }
    }

    /** A datapoint whose data does not fit the schema; message and cause are the converter's. */
    public static final class MisfitException extends DataException {

        MisfitException(DataException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
