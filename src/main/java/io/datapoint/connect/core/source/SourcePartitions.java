package io.datapoint.connect.core.source;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.ConnectException;

/** Builds and reads source partitions of the shape {@code {platform, server, stream, v}}. */
public final class SourcePartitions {

    public static final String PLATFORM = "platform";
    public static final String SERVER = "server";
    public static final String STREAM = "stream";
    public static final String VERSION = "v";

    private SourcePartitions() {
    }

    /** The source partition of one stream on one server, with the offset format version. */
    public static Map<String, Object> of(String platform, String server, String stream, int version) {
        // A HashMap on purpose: Connect stores offsets under the partition's serialized JSON, and its REST API
        // (PATCH /connectors/{name}/offsets) rebuilds partitions as HashMaps; equal key order makes equal bytes.
        Map<String, Object> partition = new HashMap<>();
        partition.put(PLATFORM, platform);
        partition.put(SERVER, server);
        partition.put(STREAM, stream);
        partition.put(VERSION, version);
        return partition;
    }

    /**
     * Checks offsets sent through {@code PATCH /connectors/{name}/offsets}: each partition has this connector's shape
     * and names a stream {@code checkStream} accepts, and each offset (null resets) decodes.
     *
     * @param platformName the platform's name in the error message
     * @param checkStream  throws {@link IllegalArgumentException} for a stream id the platform cannot have
     * @throws ConnectException naming the first partition at fault and what is wrong with it
     */
    public static void validateOffsets(Map<Map<String, ?>, Map<String, ?>> offsets, String platform,
                                       OffsetCodec<?> codec, String platformName, Consumer<String> checkStream) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            try {
                checkStream.accept(validate(e.getKey(), platform, codec.version()));
                if (e.getValue() != null) {
                    codec.decode(e.getValue());
                }
            } catch (IllegalArgumentException ex) {
                throw new ConnectException("Invalid " + platformName + " offset for partition " + e.getKey() + ": "
                    + ex.getMessage());
            }
        }
    }

    /**
     * Checks that a partition sent through the offsets REST API has the expected shape.
     *
     * @return the stream id it names
     * @throws IllegalArgumentException saying which field is wrong
     */
    public static String validate(Map<String, ?> partition, String platform, int version) {
        if (partition == null) {
            throw new IllegalArgumentException("The source partition is missing; expected {\"platform\":\"" + platform
                + "\",\"server\":<url>,\"stream\":<id>,\"v\":" + version + "}");
        }
        Object p = partition.get(PLATFORM);
        if (!platform.equals(p)) {
            throw new IllegalArgumentException("Source partition field 'platform' must be \"" + platform + "\" but was " + p);
        }
        if (!(partition.get(SERVER) instanceof String)) {
            throw new IllegalArgumentException("Source partition field 'server' must be the server URL as a string");
        }
        Object stream = partition.get(STREAM);
        if (!(stream instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("Source partition field 'stream' must be the stream id as a string");
        }
        Object v = partition.get(VERSION);
        if (!(v instanceof Number n) || n.intValue() != version) {
            throw new IllegalArgumentException("Source partition field 'v' must be " + version + " (the offset format"
                + " version of this connector) but was " + v);
        }
        return s;
    }
}
