package io.datapoint.connect.core.metrics;

import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushListener;

/** Counts a push channel's reconnects ({@code push-reconnects-total}) and passes every callback on. */
public final class MeteredPushListener implements PushListener {

    private final PushListener delegate;
    private final ConnectorMetrics metrics;
    private final String channel;
    private volatile boolean openedBefore;

    /** @param channel names the channel in the metric's tag, e.g. {@code events} */
    public MeteredPushListener(PushListener delegate, ConnectorMetrics metrics, String channel) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.channel = channel;
    }

    @Override
    public void onOpen(PushChannel ch) {
        if (openedBefore) {
            metrics.increment("push-reconnects-total", "Times the push channel connected again", "channel",
                channel);
        }
        openedBefore = true;
        delegate.onOpen(ch);
    }

    @Override
    public void onMessage(String text) {
        delegate.onMessage(text);
    }

    @Override
    public void onDisconnect(String reason, Throwable error) {
        delegate.onDisconnect(reason, error);
    }
}
