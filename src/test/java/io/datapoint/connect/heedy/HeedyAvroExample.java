package io.datapoint.connect.heedy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.TopicTemplate;

/** For the README's Avro example: the record content the heedy source emits for one datapoint of one object. */
public final class HeedyAvroExample {

    private HeedyAvroExample() {
    }

    /**
     * @param topicTemplate the connector's {@code topic.template}
     * @param jsonSchema    the object's {@code meta.schema}
     */
    public static RecordContent content(String owner, String name, JsonNode jsonSchema, String topicTemplate,
                                        double t, JsonNode d) {
        HeedyObject object = new HeedyObject("6f0e2c1a-example-id", name, owner, null, null, "sensors", "timeseries",
            jsonSchema);
        String topic = new TopicTemplate(topicTemplate).topic(object.topicAttributes());
        return new HeedyRecords(object, topic, true).content(new HeedyPoint(t, 0, d));
    }
}
