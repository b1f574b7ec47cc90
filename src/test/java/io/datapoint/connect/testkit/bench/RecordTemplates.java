package io.datapoint.connect.testkit.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

/**
 * Records a platform source really emitted, turned back into Connect data so that {@link CeilingSourceConnector} can
 * emit them again through the same worker: same key and value schemas and values, same headers, same source
 * partition and offset shape. The registry is static, so it serves workers in this JVM (the embedded cluster).
 */
public final class RecordTemplates {

    private static final Map<String, List<SourceRecord>> TEMPLATES = new ConcurrentHashMap<>();

    private RecordTemplates() {
    }

    /**
     * Converts records read from {@code topic} (written with the JSON converter, schemas enabled, and the simple
     * header converter, as the benchmark worker is set up) back into source records carrying {@code partition}
     * and {@code offset}, and keeps them under {@code name}.
     */
    public static void capture(String name, List<ConsumerRecord<byte[], byte[]>> records, Map<String, ?> partition,
                               Map<String, ?> offset) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to capture for " + name);
        }
        JsonConverter keys = converter(true);
        JsonConverter values = converter(false);
        SimpleHeaderConverter headerConverter = new SimpleHeaderConverter();
        List<SourceRecord> templates = records.stream().map(r -> {
            SchemaAndValue key = keys.toConnectData(r.topic(), r.key());
            SchemaAndValue value = values.toConnectData(r.topic(), r.value());
            ConnectHeaders headers = new ConnectHeaders();
            r.headers().forEach(h -> {
                SchemaAndValue hv = headerConverter.toConnectHeader(r.topic(), h.key(), h.value());
                headers.add(h.key(), hv);
            });
            return new SourceRecord(partition, offset, r.topic(), null, key.schema(), key.value(), value.schema(),
                value.value(), r.timestamp(), headers);
        }).toList();
        TEMPLATES.put(name, templates);
    }

    /** The templates kept under {@code name}. */
    static List<SourceRecord> get(String name) {
        List<SourceRecord> templates = TEMPLATES.get(name);
        if (templates == null) {
            throw new IllegalStateException("no record templates named " + name + "; capture them first");
        }
        return templates;
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), isKey);
        return converter;
    }
}
