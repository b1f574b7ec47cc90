package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One ConnectorDB datapoint as the wire format carries it: {@code t} in float Unix seconds, the value {@code d}
 * (any JSON, {@code null} when absent) and {@code o}, the device path of the writer. The server sets {@code o}
 * only when the writer does not own the stream (downlink writes); it is ignored on input.
 */
public record Datapoint(double t, JsonNode d, String o) {

    /** A datapoint as a client would send it (no origin). */
    public static Datapoint of(double t, JsonNode d) {
        return new Datapoint(t, d, null);
    }

    Datapoint withT(double newT) {
        return new Datapoint(newT, d, o);
    }

    Datapoint withO(String origin) {
        return new Datapoint(t, d, origin);
    }
}
