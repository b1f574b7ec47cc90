package io.datapoint.connect.core.push;

/**
 * Callbacks of a {@link PushChannel}; called on OkHttp's threads, one connection at a time. They
 * should return quickly (hand work to a queue) and must not throw; a thrown exception is logged and
 * ignored.
 */
public interface PushListener {

    /**
     * Connected (first time or after a reconnect). Send subscriptions here; the caller then catches
     * up over REST.
     */
    void onOpen(PushChannel channel);

    /** A text message from the server. */
    void onMessage(String text);

    /** Disconnected; the channel will reconnect after a backoff unless closed. */
    default void onDisconnect(String reason, Throwable error) {}
}
