package io.datapoint.connect.connectordb;

import java.util.Objects;

/**
 * The path of a ConnectorDB stream, {@code user/device/stream}, or of its downlink substream,
 * {@code user/device/stream/downlink}.
 *
 * @param user     the owning user
 * @param device   the owning device
 * @param stream   the stream name
 * @param downlink true for the downlink substream (commands written by other devices)
 */
public record ConnectorDbPath(String user, String device, String stream, boolean downlink) {

    static final String DOWNLINK = "downlink";

    public ConnectorDbPath {
        requireName("user", user);
        requireName("device", device);
        requireName("stream", stream);
    }

    /**
     * Parses {@code user/device/stream}, or {@code user/device/stream/downlink} when {@code allowDownlink}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static ConnectorDbPath parse(String text, boolean allowDownlink) {
        String s = text == null ? "" : text.trim();
        String[] p = s.split("/", -1);
        boolean downlink = allowDownlink && p.length == 4 && p[3].equals(DOWNLINK);
        if (p.length != 3 && !downlink) {
            throw new IllegalArgumentException("'" + s + "' is not a stream path: expected user/device/stream"
                + (allowDownlink ? " (or user/device/stream/downlink)" : "") + ", e.g. alice/phone/steps");
        }
        return new ConnectorDbPath(p[0], p[1], p[2], downlink);
    }

    /** The main stream of this path (its downlink flag cleared). */
    public ConnectorDbPath main() {
        return downlink ? new ConnectorDbPath(user, device, stream, false) : this;
    }

    /** This stream's downlink substream. */
    public ConnectorDbPath toDownlink() {
        return new ConnectorDbPath(user, device, stream, true);
    }

    /** The device path {@code user/device}. */
    public String devicePath() {
        return user + "/" + device;
    }

    /** {@code user/device/stream[/downlink]}: the websocket subscription argument and the source's stream id. */
    @Override
    public String toString() {
        return user + "/" + device + "/" + stream + (downlink ? "/" + DOWNLINK : "");
    }

    /**
     * Checks a user, device or stream name as ConnectorDB does: not empty, no '/', '\', space or '?'.
     *
     * @throws IllegalArgumentException naming the part and the rule
     */
    static void requireName(String part, String name) {
        Objects.requireNonNull(part);
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the " + part + " name is empty");
        }
        for (char c : name.toCharArray()) {
            if (c == '/' || c == '\\' || c == ' ' || c == '?') {
                throw new IllegalArgumentException("the " + part + " name '" + name + "' contains '" + c
                    + "', which ConnectorDB does not allow in names");
            }
        }
    }
}
