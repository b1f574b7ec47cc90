package io.datapoint.connect.core.push;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of a {@link PushChannel}.
 *
 * @param pingInterval websocket protocol ping interval; a missing pong drops the connection. Zero
 *     disables pings.
 * @param heartbeatInterval interval of the application-level heartbeat message; null or zero for
 *     none
 * @param heartbeatMessage the heartbeat message; null for none
 * @param reconnectBackoffInitial first reconnect backoff (doubles per failed attempt)
 * @param reconnectBackoffMax longest reconnect backoff
 */
public record PushSettings(
        Duration pingInterval,
        Duration heartbeatInterval,
        Supplier<String> heartbeatMessage,
        Duration reconnectBackoffInitial,
        Duration reconnectBackoffMax) {

    public PushSettings {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(reconnectBackoffInitial, "reconnectBackoffInitial");
        Objects.requireNonNull(reconnectBackoffMax, "reconnectBackoffMax");
        if (pingInterval.isNegative()
                || reconnectBackoffInitial.isNegative()
                || (heartbeatInterval != null && heartbeatInterval.isNegative())) {
            throw new IllegalArgumentException("push intervals must not be negative");
        }
        if (reconnectBackoffMax.compareTo(reconnectBackoffInitial) < 0) {
            throw new IllegalArgumentException(
                    "reconnectBackoffMax must not be shorter than reconnectBackoffInitial");
        }
    }

    /** 30 s pings, no application heartbeat, reconnect backoff 200 ms .. 30 s. */
    public static PushSettings defaults() {
        return new PushSettings(
                Duration.ofSeconds(30), null, null, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    /** Whether an application-level heartbeat is configured. */
    boolean hasHeartbeat() {
        return heartbeatMessage != null && heartbeatInterval != null && !heartbeatInterval.isZero();
    }
}
