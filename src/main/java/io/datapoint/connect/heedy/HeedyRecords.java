package io.datapoint.connect.heedy;

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
 * Turns the datapoints of one heedy object into Kafka record content: key = object id; value = a
 * {@code io.datapoint.connect.heedy.Datapoint} struct {t seconds, optional dt, d}; timestamp = t in ms; headers with
 * the platform, object id and name. {@code d} is typed from the object's {@code meta.schema} when it pins a type and
 * the connector is configured for typed data, else it is the datapoint's JSON text. The schema is built once per
 * object, so a schema registry sees one version per object.
 */
final class HeedyRecords {

    static final String VALUE_SCHEMA_NAME = "io.datapoint.connect.heedy.Datapoint";
    static final String HEADER_NAME = "datapoint.name";

    private final HeedyObject object;
    private final String topic;
    private final DataField data;
    private final Schema valueSchema;

    /** @param typed true to type {@code d} from the object's JSON Schema where it pins a type */
    HeedyRecords(HeedyObject object, String topic, boolean typed) {
        this.object = object;
        this.topic = topic;
        this.data = new DataField(object.schema(), AvroNames.fullName("io.datapoint.connect.heedy.data",
            object.name().isBlank() ? object.id() : object.name()), typed);
        this.valueSchema = SchemaBuilder.struct().name(VALUE_SCHEMA_NAME).version(1)
            .doc("A heedy datapoint: t and dt in seconds, d as the object's schema says")
            .field("t", Schema.FLOAT64_SCHEMA)
            .field("dt", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("d", data.schema())
            .build();
    }

    Schema valueSchema() {
        return valueSchema;
    }

    /**
     * The record content of one datapoint.
     *
     * @throws DataException naming the object and timestamp when {@code d} does not fit the object's schema, with
     *                       the fix (correct the data, or set data.format=json)
     */
    RecordContent content(HeedyPoint p) {
        Struct value = new Struct(valueSchema)
            .put("t", p.t())
            .put("dt", p.dt() == 0 ? null : p.dt())
            .put("d", data(p));
        ConnectHeaders headers = RecordHeaders.of("heedy", object.id());
        headers.addString(HEADER_NAME, object.name());
        long millis = Math.round(p.t() * 1000.0);
        return new RecordContent(topic, Schema.STRING_SCHEMA, object.id(), valueSchema, value, millis, headers,
            millis);
    }

    private Object data(HeedyPoint p) {
        try {
            return data.value(p.d(), () -> "heedy object " + object.id() + " at t=" + p.t());
        } catch (DataField.MisfitException e) {
            throw new DataException("The datapoint of heedy object '" + object.name() + "' (" + object.id()
                + ") at t=" + HeedyClient.seconds(p.t()) + " does not fit the object's schema: " + e.getMessage()
                + ". Fix the data or the object's meta.schema, or set data.format=json to deliver d as JSON text.",
                e.getCause());
        }
    }
}
