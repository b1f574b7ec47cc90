package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.schema.AvroNames;
import io.datapoint.connect.core.schema.DataField;
import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.RecordHeaders;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns the drops of one flow into Kafka record content: key = flow id; value = an
 * {@code io.datapoint.connect.flowthings.Drop} struct {id, flowId, path, creationDate (Timestamp), elems, optional
 * location}; timestamp = creationDate; headers with the platform, flow id and path. {@code elems} is typed from a
 * JSON Schema (configured, or derived from the flow's typed drops in API 0.1) when the connector asks for typed
 * data, else it is the drop's elems as JSON text. Built once per flow, so a schema registry sees one version per
 * flow.
 */
final class FlowthingsRecords {

    static final String VALUE_SCHEMA_NAME = "io.datapoint.connect.flowthings.Drop";
    static final String HEADER_PATH = "datapoint.name";
    static final Schema LOCATION_SCHEMA = SchemaBuilder.struct().name("io.datapoint.connect.flowthings.Location")
        .optional()
        .field("lat", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("lon", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("specifiers", Schema.OPTIONAL_STRING_SCHEMA)
        .build();

    private final String flowId;
    private final String path;
    private final String topic;
    private final DataField elems;
    private final Schema valueSchema;

    /**
     * @param elemsSchema a JSON Schema of the elems, or null
     * @param typed       true to type elems from that schema where it pins a type
     */
    FlowthingsRecords(String flowId, String path, String topic, JsonNode elemsSchema, boolean typed) {
        this.flowId = flowId;
        this.path = path;
        this.topic = topic;
        this.elems = new DataField(elemsSchema, AvroNames.fullName("io.datapoint.connect.flowthings.elems",
            path == null || path.isBlank() ? flowId : path.replace('/', '_')), typed);
        this.valueSchema = SchemaBuilder.struct().name(VALUE_SCHEMA_NAME).version(1)
            .doc("A flowthings drop: its id, flow, path, creation time, elems and location")
            .field("id", Schema.STRING_SCHEMA)
            .field("flowId", Schema.STRING_SCHEMA)
            .field("path", Schema.OPTIONAL_STRING_SCHEMA)
            .field("creationDate", Timestamp.SCHEMA)
            .field("elems", elems.schema())
            .field("location", LOCATION_SCHEMA)
            .build();
    }

    Schema valueSchema() {
        return valueSchema;
    }

    /**
     * The record content of one drop.
     *
     * @throws DataException naming the flow and drop when elems do not fit the schema, with the fix
     */
    RecordContent content(FlowthingsDrop d) {
        Struct value = new Struct(valueSchema)
            .put("id", d.id())
            .put("flowId", flowId)
            .put("path", d.path() == null ? path : d.path())
            .put("creationDate", new Date(d.creationDate()))
            .put("elems", elems(d))
            .put("location", location(d.location()));
        ConnectHeaders headers = RecordHeaders.of("flowthings", flowId);
        if (path != null) {
            headers.addString(HEADER_PATH, path);
        }
        return new RecordContent(topic, Schema.STRING_SCHEMA, flowId, valueSchema, value, d.creationDate(), headers,
            d.creationDate());
    }

    private Object elems(FlowthingsDrop d) {
        try {
            return elems.value(d.elems(), () -> "flowthings drop " + d.id() + " of flow " + flowId);
        } catch (DataField.MisfitException e) {
            throw new DataException("The elems of flowthings drop " + d.id() + " in flow " + path + " (" + flowId
                + ") do not fit the elems schema: " + e.getMessage() + ". Fix the drop or the schema"
                + " (flowthings.elems.schema), or set data.format=json to deliver elems as JSON text.", e.getCause());
        }
    }

    private static Struct location(JsonNode l) {
        if (l == null || !l.isObject()) {
            return null;
        }
        Struct s = new Struct(LOCATION_SCHEMA);
        JsonNode loc = l.has("value") && l.has("type") ? l.get("value") : l;
        if (loc.path("lat").isNumber()) {
            s.put("lat", loc.get("lat").asDouble());
        }
        if (loc.path("lon").isNumber()) {
            s.put("lon", loc.get("lon").asDouble());
        }
        if (loc.has("specifiers") && !loc.get("specifiers").isNull()) {
            s.put("specifiers", loc.get("specifiers").toString());
        }
        return s;
    }

    /**
     * A JSON Schema of elems from a drop whose elems are typed as the 0.1 API serves them ({type, value}); null
     * when the drop is not typed.
     */
    static JsonNode schemaOfTyped(JsonNode elems) {
        if (elems == null || !elems.isObject() || elems.size() == 0) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode schema = FlowthingsClient.JSON.createObjectNode();
        schema.put("type", "object");
        com.fasterxml.jackson.databind.node.ObjectNode props = schema.putObject("properties");
        var it = elems.fields();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode s = typeSchema(e.getValue());
            if (s == null) {
                return null;
            }
            props.set(e.getKey(), s);
        }
        return schema;
    }

    private static JsonNode typeSchema(JsonNode typed) {
        if (!typed.isObject() || !typed.has("type") || !typed.has("value")) {
            return null;
        }
        var s = FlowthingsClient.JSON.createObjectNode();
        switch (typed.get("type").asText()) {
            case "integer", "long", "date" -> s.put("type", "integer");
            case "float" -> s.put("type", "number");
            case "boolean" -> s.put("type", "boolean");
            case "map", "sortedMap" -> {
                JsonNode inner = schemaOfTyped(typed.get("value"));
                if (inner == null) {
                    return null;
                }
                return inner;
            }
            case "list", "set", "sortedSet" -> {
                JsonNode v = typed.get("value");
                if (!v.isArray() || v.isEmpty()) {
                    return null;
                }
                JsonNode items = typeSchema(v.get(0));
                if (items == null) {
                    return null;
                }
                s.put("type", "array").set("items", items);
            }
            case "string", "email", "url", "id", "bytes" -> s.put("type", "string");
            default -> {
                return null; // structured types (location, duration, text...) stay JSON text
            }
        }
        return s;
    }
}
