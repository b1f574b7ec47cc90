package io.datapoint.connect.heedy.sim;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes events to the open {@code /api/events} sockets. Delivery is asynchronous on a small pool
 * (heedy fires each delivery in its own goroutine), so two quick events may arrive in either order;
 * nothing is replayed.
 */
final class EventHub implements AutoCloseable {
    private final Set<EventSocket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService delivery;
    private volatile boolean dropEvents;

    EventHub() {
        AtomicInteger n = new AtomicInteger();
        delivery =
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "heedysim-events-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
    }

    void add(EventSocket socket) {
        sockets.add(socket);
    }

    void remove(EventSocket socket) {
        sockets.remove(socket);
    }

    int openSockets() {
        return sockets.size();
    }

    void dropEvents(boolean drop) {
        dropEvents = drop;
    }

    /** Sends a message to one socket off the caller's thread (pongs use this too). */
    void deliver(EventSocket socket, String json) {
        try {
            delivery.execute(() -> socket.send(json));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the simulator is shutting down
        }
    }

    void fire(SimEvent event) {
        if (dropEvents) {
            return;
        }
        String json = null;
        for (EventSocket socket : sockets) {
            int copies = socket.matchCount(event);
            if (copies > 0) {
                json = json == null ? event.toJson() : json;
                for (int k = 0; k < copies; k++) {
                    deliver(socket, json);
                }
            }
        }
    }

    /** Closes every socket with 1011, as heedy does on an internal error. */
    void dropAll(String reason) {
        for (EventSocket socket : sockets) {
            socket.closeWithError(reason);
        }
    }

    @Override
    public void close() {
        dropAll("server shutting down");
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
