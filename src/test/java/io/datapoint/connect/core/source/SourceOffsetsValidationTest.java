package io.datapoint.connect.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class SourceOffsetsValidationTest {

    /** Offsets are {"t": number}. */
    private static final OffsetCodec<Double> CODEC = new OffsetCodec<>() {
        @Override
        public int version() {
            return 3;
        }

        @Override
        public Map<String, Object> encode(Double cursor) {
            return Map.of("t", cursor);
        }

        @Override
        public Double decode(Map<String, ?> offset) {
            if (!(offset.get("t") instanceof Number n)) {
                throw new IllegalArgumentException("Offset field 't' must be a number");
            }
            return n.doubleValue();
        }
    };

    private static void validate(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        SourcePartitions.validateOffsets(offsets, "xp", CODEC, "XPlatform", stream -> {
            if (stream.contains(" ")) {
                throw new IllegalArgumentException("no spaces in stream ids");
            }
        });
    }

    @Test
    void acceptsWellFormedOffsetsAndResets() {
        validate(SourcePartitions.of("xp", "http://h", "s1", 3), Map.of("t", 1.5));
        validate(SourcePartitions.of("xp", "http://h", "s1", 3), null);
    }

    @Test
    void refusesAWrongPartitionStreamOrOffsetNamingThePlatform() {
        ConnectException version = assertThrows(ConnectException.class,
            () -> validate(SourcePartitions.of("xp", "http://h", "s1", 2), Map.of("t", 1)));
        assertTrue(version.getMessage().startsWith("Invalid XPlatform offset for partition "), version.getMessage());
        ConnectException stream = assertThrows(ConnectException.class,
            () -> validate(SourcePartitions.of("xp", "http://h", "s 1", 3), Map.of("t", 1)));
        assertTrue(stream.getMessage().endsWith(": no spaces in stream ids"), stream.getMessage());
        ConnectException offset = assertThrows(ConnectException.class,
            () -> validate(SourcePartitions.of("xp", "http://h", "s1", 3), Map.of("t", "x")));
        assertEquals("Offset field 't' must be a number",
            offset.getMessage().substring(offset.getMessage().lastIndexOf(": ") + 2));
    }
}
