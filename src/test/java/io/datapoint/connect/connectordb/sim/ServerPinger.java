package io.datapoint.connect.connectordb.sim;

import okhttp3.WebSocket;
import okhttp3.internal.concurrent.Task;
import okhttp3.internal.concurrent.TaskQueue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Sends server-side ping frames on a MockWebServer websocket, as ConnectorDB does every 54 s. MockWebServer builds
 * its server sockets without a ping interval, so this schedules OkHttp's own ping task on the socket's task queue
 * (the same queue its writer uses, so frames never interleave). OkHttp fails the socket when a ping finds the
 * previous one still unanswered, which models the server's pong read deadline.
 */
final class ServerPinger {
    private ServerPinger() {
    }

    /**
     * @param beforePing runs on each tick before the ping; returning false stops the pinger
     * @return false if this OkHttp version does not expose what is needed (then there are no pings)
     */
    static boolean schedule(WebSocket ws, Duration every, BooleanSupplier beforePing) {
        try {
            Field queueField = ws.getClass().getDeclaredField("taskQueue");
            queueField.setAccessible(true);
            TaskQueue queue = (TaskQueue) queueField.get(ws);
            Method ping = ws.getClass().getMethod("writePingFrame$okhttp");
            long nanos = every.toNanos();
            queue.schedule(new Task("cdbsim ping", true) {
                @Override
                public long runOnce() {
                    if (!beforePing.getAsBoolean()) {
                        return -1L;
                    }
                    try {
                        ping.invoke(ws);
                    } catch (ReflectiveOperationException e) {
                        return -1L;
                    }
                    return nanos;
                }
            }, nanos);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
