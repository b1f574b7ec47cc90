package io.datapoint.connect.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datapoint.connect.core.push.PushChannel;
import io.datapoint.connect.core.push.PushListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredPushListenerTest {

    @Test
    void countsReconnectsButNotTheFirstConnectionAndPassesEverythingOn() {
        List<String> seen = new ArrayList<>();
        PushListener delegate = new PushListener() {
            @Override
            public void onOpen(PushChannel channel) {
                seen.add("open");
            }

            @Override
            public void onMessage(String text) {
                seen.add("message " + text);
            }

            @Override
            public void onDisconnect(String reason, Throwable error) {
                seen.add("disconnect " + reason);
            }
        };
        ConnectorMetrics metrics = new ConnectorMetrics(null);
        MeteredPushListener listener = new MeteredPushListener(delegate, metrics, "events");
        listener.onOpen(null);
        assertEquals(0, metrics.counter("push-reconnects-total", "channel", "events"));
        listener.onMessage("hi");
        listener.onDisconnect("1011 gone", null);
        listener.onOpen(null);
        listener.onOpen(null);
        assertEquals(2, metrics.counter("push-reconnects-total", "channel", "events"));
        assertEquals(List.of("open", "message hi", "disconnect 1011 gone", "open", "open"), seen);
    }
}
