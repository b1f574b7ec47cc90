package io.datapoint.connect.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcePartitionsTest {

    @Test
    void iteratesInTheOrderConnectsRestApiRebuildsPartitionsIn() {
        Map<String, Object> p = SourcePartitions.of("heedy", "http://h:1324", "obj1", 1);

        assertEquals(Map.of("platform", "heedy", "server", "http://h:1324", "stream", "obj1", "v", 1), p);
        // Connect keys offsets by the partition's serialized JSON; PATCH /offsets deserializes into a HashMap
        Map<String, Object> asRestBuildsIt = new HashMap<>();
        asRestBuildsIt.put("v", 1);
        asRestBuildsIt.put("stream", "obj1");
        asRestBuildsIt.put("server", "http://h:1324");
        asRestBuildsIt.put("platform", "heedy");
        assertEquals(List.copyOf(asRestBuildsIt.keySet()), List.copyOf(p.keySet()));
    }

    @Test
    void validateReturnsTheStreamAndAcceptsAJsonNumberForV() {
        Map<String, Object> p = new HashMap<>(SourcePartitions.of("heedy", "http://h", "obj1", 1));
        p.put("v", 1L); // what JSON brings back

        assertEquals("obj1", SourcePartitions.validate(p, "heedy", 1));
    }

    @Test
    void validateNamesTheWrongField() {
        assertTrue(problem(null).contains("missing"));
        assertTrue(problem(with("platform", "other")).contains("'platform'"));
        assertTrue(problem(with("server", 5)).contains("'server'"));
        assertTrue(problem(with("stream", " ")).contains("'stream'"));
        assertTrue(problem(with("stream", null)).contains("'stream'"));
        assertTrue(problem(with("v", 2)).contains("'v' must be 1"));
        assertTrue(problem(with("v", "1")).contains("'v'"));
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> p = new HashMap<>(SourcePartitions.of("heedy", "http://h", "obj1", 1));
        p.put(key, value);
        return p;
    }

    private static String problem(Map<String, Object> partition) {
        return assertThrows(IllegalArgumentException.class,
            () -> SourcePartitions.validate(partition, "heedy", 1)).getMessage();
    }
}
