package io.datapoint.connect.core.sink;

import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** A dotted path into a record value (Struct or Map), e.g. {@code reading.time}. */
public final class FieldPath {

    private final String path;
    private final String[] parts;

    public FieldPath(String path) {
        this.path = path;
        this.parts = path.split("\\.");
    }

    /** The path in a config value, or null when the value is null or blank (the setting is off). */
    public static FieldPath optional(String configValue) {
        return configValue == null || configValue.isBlank() ? null : new FieldPath(configValue.trim());
    }

    public String path() {
        return path;
    }

    /**
     * The value and its schema (null when schemaless) at this path.
     *
     * @throws BadRecordException naming the path when a step is missing or the value is not a struct or map there
     */
    public Located locate(Object value, Schema schema) throws BadRecordException {
        Object current = value;
        Schema currentSchema = schema;
        for (String part : parts) {
            if (current instanceof Struct struct) {
                Field field = struct.schema().field(part);
                if (field == null) {
                    throw new BadRecordException("the value has no field '" + part + "' (path '" + path + "')");
                }
                current = struct.get(field);
                currentSchema = field.schema();
            } else if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(part)) {
                    throw new BadRecordException("the value has no field '" + part + "' (path '" + path + "')");
                }
                current = map.get(part);
                currentSchema = currentSchema == null || currentSchema.type() != Schema.Type.MAP ? null
                    : currentSchema.valueSchema();
            } else {
                throw new BadRecordException("cannot take field '" + part + "' (path '" + path + "') of a "
                    + (current == null ? "null" : current.getClass().getSimpleName()) + " value; it must be a struct"
                    + " or a map");
            }
        }
        return new Located(current, currentSchema);
    }

    /** A value found at a path, with its schema (null when schemaless). */
    public record Located(Object value, Schema schema) {
    }
}
