package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.schema.ConnectToJson;
import io.datapoint.connect.core.schema.JsonSize;
import io.datapoint.connect.core.sink.BadRecordException;
import io.datapoint.connect.core.sink.FieldPath;
import io.datapoint.connect.core.sink.RecordData;
import io.datapoint.connect.core.sink.RecordMapper;
import io.datapoint.connect.core.sink.Tombstones;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Maps sink records to drops: the flow from the configuration (id, path, topic map or a record field), elems from
 * the value or a field (Struct, Map or a JSON object string), an optional location, and an fhash from the record's
 * topic, partition and offset so that a redelivered record is processed by the flow once. Targets are
 * {@code id:<flowId>} or {@code path:<path>}.
 */
final class FlowthingsSinkRecords implements RecordMapper<FlowthingsSinkPoint> {

    static final String ID = "id:";
    static final String PATH = "path:";

    private final String fixedTarget;
    private final Map<String, String> topicFlows;
    private final FieldPath flowField;
    private final RecordData elems;
    private final FieldPath locationField;
    private final boolean fhash;
    private final Tombstones tombstones;

    FlowthingsSinkRecords(FlowthingsSinkConfig config) {
        String id = config.getString(FlowthingsSinkConfig.FLOW_ID);
        String path = config.getString(FlowthingsSinkConfig.FLOW_PATH);
        this.fixedTarget = id != null && !id.isBlank() ? ID + id.trim()
            : path != null && !path.isBlank() ? PATH + path.trim() : null;
        this.topicFlows = config.topicFlows();
        this.flowField = FieldPath.optional(config.getString(FlowthingsSinkConfig.FLOW_FIELD));
        this.elems = RecordData.from(config);
        this.locationField = FieldPath.optional(config.getString(FlowthingsSinkConfig.LOCATION_FIELD));
        this.fhash = "offset".equals(config.getString(FlowthingsSinkConfig.FHASH));
        this.tombstones = Tombstones.from(config);
    }

    /** A flow given by id, or by a path when it starts with '/'. */
    static String target(String flow) {
        return flow.startsWith("/") ? PATH + flow : ID + flow;
    }

    @Override
    public Mapped<FlowthingsSinkPoint> map(SinkRecord record) throws BadRecordException {
        if (record.value() == null) {
            return tombstones.map();
        }
        String target = target(record);
        ObjectNode body = FlowthingsClient.JSON.createObjectNode();
        body.set("elems", elems(record));
        if (locationField != null) {
            FieldPath.Located l = locationField.locate(record.value(), record.valueSchema());
            if (l.value() != null) {
                JsonNode loc;
                try {
                    loc = ConnectToJson.convert(l.value(), l.schema());
                } catch (DataException e) {
                    throw new BadRecordException("location field '" + locationField.path() + "' cannot be written"
                        + " as JSON: " + e.getMessage(), e);
                }
                if (!loc.path("lat").isNumber() || !loc.path("lon").isNumber()) {
                    throw new BadRecordException("location field '" + locationField.path() + "' must hold numeric"
                        + " lat and lon but is " + loc);
                }
                body.set("location", loc);
            }
        }
        String coordinates = record.topic() + "-" + record.kafkaPartition() + "-" + record.kafkaOffset();
        if (fhash) {
            body.put("fhash", coordinates);
        }
        return Mapped.of(target, new FlowthingsSinkPoint(body, coordinates), JsonSize.estimate(body) + 32);
    }

    private JsonNode elems(SinkRecord record) throws BadRecordException {
        JsonNode json = elems.json(record).json();
        if (json != null && json.isTextual()) {
            try {
                JsonNode parsed = FlowthingsClient.JSON.readTree(json.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (IOException e) {
                // not JSON text: reported below
            }
        }
        if (json == null || !json.isObject()) {
            throw new BadRecordException("a drop's elems must be an object (a Struct, a Map or a JSON object"
                + " string) but the record's " + (elems == null ? "value" : "elems field") + " is "
                + (json == null ? "null" : json.getNodeType().toString().toLowerCase()) + "; set data.field to"
                + " the field holding the elems");
        }
        return json;
    }

    private String target(SinkRecord record) throws BadRecordException {
        if (fixedTarget != null) {
            return fixedTarget;
        }
        if (flowField != null) {
            Object v = flowField.locate(record.value(), record.valueSchema()).value();
            if (!(v instanceof String s) || s.isBlank()) {
                throw new BadRecordException("flow field '" + flowField.path() + "' must hold a flow id or path"
                    + " but is " + v);
            }
            return target(s.trim());
        }
        String flow = topicFlows.get(record.topic());
        if (flow == null) {
            throw new BadRecordException("topic '" + record.topic() + "' has no flow in "
                + FlowthingsSinkConfig.TOPIC_FLOWS + "; add topic:flow for it");
        }
        return target(flow);
    }
}
