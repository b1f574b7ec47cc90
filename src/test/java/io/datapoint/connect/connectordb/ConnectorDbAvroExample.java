package io.datapoint.connect.connectordb;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.TopicTemplate;
import java.util.LinkedHashMap;
import java.util.Map;

/** For the README's Avro example: the record content the ConnectorDB source emits for one datapoint of a stream. */
public final class ConnectorDbAvroExample {

    private ConnectorDbAvroExample() {
    }

    /**
     * @param path          user/device/stream
     * @param jsonSchema    the stream's JSON Schema
     * @param topicTemplate the connector's {@code topic.template}
     */
    public static RecordContent content(String path, JsonNode jsonSchema, String topicTemplate, double t, JsonNode d) {
        ConnectorDbPath p = ConnectorDbPath.parse(path, false);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("user", p.user());
        attributes.put("device", p.device());
        attributes.put("stream", p.stream());
        attributes.put("downlink", "");
        String topic = new TopicTemplate(topicTemplate).topic(attributes);
        return new ConnectorDbRecords(p, jsonSchema, topic, true).content(new ConnectorDbPoint(t, d, null), 0);
    }
}
