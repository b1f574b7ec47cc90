package io.datapoint.connect.iotile;

import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.RecordHeaders;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns the readings of one IOTile stream into Kafka record content: key = the stream slug; value = an
 * {@code io.datapoint.connect.iotile.Reading} struct {timestamp, int_value, value, unit, streamer_local_id,
 * device_timestamp, id}; timestamp = the reading's second in ms; headers with the platform, the stream, and the
 * reading's project, device and variable. With an output unit, {@code value} is converted to it and {@code unit}
 * names it; else {@code value} is in the variable type's internal units and {@code unit} is null.
 */
final class IotileRecords {

    static final String VALUE_SCHEMA_NAME = "io.datapoint.connect.iotile.Reading";
    static final String HEADER_PROJECT = "iotile.project";
    static final String HEADER_DEVICE = "iotile.device";
    static final String HEADER_VARIABLE = "iotile.variable";
    static final String HEADER_ID = "datapoint.id";

    static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name(VALUE_SCHEMA_NAME).version(1)
        .doc("An IOTile stream reading: its time (whole seconds), raw int_value, value (in the stream's output unit"
            + " when unit is set), the device's reading id (0 for readings written through the API), the device's"
            + " own timestamp, and the database id")
        .field("timestamp", Timestamp.SCHEMA)
        .field("int_value", Schema.OPTIONAL_INT64_SCHEMA)
        .field("value", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("unit", Schema.OPTIONAL_STRING_SCHEMA)
        .field("streamer_local_id", Schema.INT64_SCHEMA)
        .field("device_timestamp", Schema.OPTIONAL_INT64_SCHEMA)
        .field("id", Schema.INT64_SCHEMA)
        .build();

    private final String slug;
    private final String topic;
    private final IotileUnit unit;

    /** @param unit the output unit to convert {@code value} to, null to keep internal units */
    IotileRecords(String slug, String topic, IotileUnit unit) {
        this.slug = slug;
        this.topic = topic;
        this.unit = unit;
    }

    String topic() {
        return topic;
    }

    RecordContent content(IotileReading r) {
        long millis = r.second() * 1000L;
        Double value = r.value() == null ? null : unit == null ? r.value() : unit.convert(r.value());
        Struct struct = new Struct(VALUE_SCHEMA)
            .put("timestamp", new Date(millis))
            .put("int_value", r.intValue())
            .put("value", value)
            .put("unit", unit == null ? null : unit.unitShort() != null ? unit.unitShort() : unit.slug())
            .put("streamer_local_id", r.streamerId())
            .put("device_timestamp", r.deviceTimestamp())
            .put("id", r.id());
        ConnectHeaders headers = RecordHeaders.of("iotile", slug);
        headers.addString(HEADER_PROJECT, r.project() != null ? r.project() : IotileSlug.projectOf(slug));
        headers.addString(HEADER_DEVICE, r.device() != null ? r.device() : IotileSlug.deviceOf(slug));
        headers.addString(HEADER_VARIABLE, r.variable() != null ? r.variable() : IotileSlug.variableOf(slug));
        headers.addLong(HEADER_ID, r.id());
        return new RecordContent(topic, Schema.STRING_SCHEMA, slug, VALUE_SCHEMA, struct, millis, headers, millis);
    }
}
