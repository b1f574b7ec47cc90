package io.datapoint.connect.core.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Stored source offsets held in a map, keyed by partition as Kafka Connect does. */
final class FakeOffsetStorageReader implements OffsetStorageReader {

    private final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();

    FakeOffsetStorageReader put(Map<String, ?> partition, Map<String, Object> offset) {
        stored.put(Map.copyOf(partition), offset);
        return this;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return stored.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
        for (Map<String, T> p : partitions) {
            Map<String, Object> offset = stored.get(p);
            if (offset != null) {
                found.put(p, offset);
            }
        }
        return found;
    }
}
