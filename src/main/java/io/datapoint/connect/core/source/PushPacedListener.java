package io.datapoint.connect.core.source;

import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushListener;

/**
 * Passes a push channel's callbacks on, and tells the {@link SourceEngine} while the channel is connected, so that
 * idle streams are then read only as a safety net ({@link SourceEngineSettings#pushIdleMax}) and pushes carry new
 * data. Wrap the listener of every push channel of a source task with it.
 */
public final class PushPacedListener implements PushListener {

    private final PushListener delegate;
    private final SourceEngine<?> engine;
    private boolean up;

    public PushPacedListener(PushListener delegate, SourceEngine<?> engine) {
        this.delegate = delegate;
        this.engine = engine;
    }

    @Override
    public void onOpen(PushChannel channel) {
        synchronized (this) {
            if (!up) {
                up = true;
                engine.pushConnected();
            }
        }
        delegate.onOpen(channel);
    }

    @Override
    public void onMessage(String text) {
        delegate.onMessage(text);
    }

    @Override
    public void onDisconnect(String reason, Throwable error) {
        synchronized (this) {
            if (up) {
                up = false;
                engine.pushDisconnected();
            }
        }
        delegate.onDisconnect(reason, error);
    }
}
