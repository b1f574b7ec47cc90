package io.datapoint.connect.core.push;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import okio.ByteString;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A websocket that stays connected until {@link #close()}: any server close, failure or missing
 * pong leads to a reconnect after an exponential backoff with jitter. Protocol pings come from
 * OkHttp's ping interval; an optional application heartbeat message is sent every heartbeat
 * interval. Outgoing messages go through a bounded queue.
 *
 * <p>A push channel is never the only path to data: after each {@link PushListener#onOpen} the
 * caller catches up over REST.
 */
public final class PushChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushChannel.class);

    /** Bound of the outgoing queue, in bytes not yet written to the socket. */
    static final long MAX_QUEUED_BYTES = 1024 * 1024;

    private final OkHttpClient client;
    private final UpgradeRequests upgradeRequests;
    private final PushListener listener;
    private final PushSettings settings;
    private final DoubleSupplier jitter;
    private final String target;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong reconnects = new AtomicLong();
    private final Object lock = new Object();

    // guarded by lock
    private WebSocket current;
    private boolean connected;
    private boolean started;
    private boolean everOpened;
    private int failedInRow;
    private long openedAtNanos;
    private ScheduledFuture<?> heartbeat;

    private volatile boolean closed;

    /**
     * Builds the upgrade request of each connection attempt, e.g. after creating a one-use session over HTTP.
     * Called on the channel's own thread; an exception counts as a failed connection attempt and is retried after
     * the reconnect backoff.
     */
    @FunctionalInterface
    public interface UpgradeRequests {
        Request next() throws IOException;
    }

    /** A channel that sends the same upgrade request on every (re)connect. */
    public PushChannel(
            OkHttpClient client,
            Request upgradeRequest,
            PushListener listener,
            PushSettings settings) {
        this(
                client,
                fixed(upgradeRequest),
                target(upgradeRequest),
                listener,
                settings,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * A channel that builds a new upgrade request for every (re)connect.
     *
     * @param target names the server in logs and thread names (host and path, no secrets)
     */
    public PushChannel(
            OkHttpClient client,
            UpgradeRequests upgradeRequests,
            String target,
            PushListener listener,
            PushSettings settings) {
        this(
                client,
                upgradeRequests,
                target,
                listener,
                settings,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    PushChannel(
            OkHttpClient client,
            Request upgradeRequest,
            PushListener listener,
            PushSettings settings,
            DoubleSupplier jitter) {
        this(client, fixed(upgradeRequest), target(upgradeRequest), listener, settings, jitter);
    }

    PushChannel(
            OkHttpClient client,
            UpgradeRequests upgradeRequests,
            String target,
            PushListener listener,
            PushSettings settings,
            DoubleSupplier jitter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client =
                Objects.requireNonNull(client, "client")
                        .newBuilder()
                        .pingInterval(settings.pingInterval())
                        .build();
        this.upgradeRequests = Objects.requireNonNull(upgradeRequests, "upgradeRequests");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.jitter = jitter;
        this.target = Objects.requireNonNull(target, "target");
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "push-channel-" + target);
                    t.setDaemon(true);
                    return t;
                });
    }

    private static UpgradeRequests fixed(Request upgradeRequest) {
        Objects.requireNonNull(upgradeRequest, "upgradeRequest");
        return () -> upgradeRequest;
    }

    /** Host and path only: a query string may carry a token. */
    private static String target(Request upgradeRequest) {
        return upgradeRequest.url().host() + upgradeRequest.url().encodedPath();
    }

    /** Connects asynchronously (on the channel's thread); later calls do nothing. */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                return;
            }
            started = true;
            try {
                scheduler.execute(this::connect);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed concurrently
            }
        }
    }

    /**
     * Queues {@code text} for sending.
     *
     * @return false when not connected or the outgoing queue is full
     */
    public boolean send(String text) {
        Objects.requireNonNull(text, "text");
        WebSocket ws;
        synchronized (lock) {
            if (!connected || closed) {
                return false;
            }
            ws = current;
        }
        long size =
                (long) text.length() * 3; // upper bound of the UTF-8 size, without encoding twice
        if (ws.queueSize() + size > MAX_QUEUED_BYTES) {
            return false;
        }
        return ws.send(text);
    }

    public boolean isConnected() {
        synchronized (lock) {
            return connected && !closed;
        }
    }

    /** How many times the channel connected again after its first connection. */
    public long reconnects() {
        return reconnects.get();
    }

    /**
     * Stops for good: no reconnect, and no callbacks once this returns (one already running may
     * finish).
     */
    @Override
    public void close() {
        WebSocket ws;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ws = current;
            current = null;
            connected = false;
            cancelHeartbeat();
        }
        scheduler.shutdownNow();
        if (ws != null) {
            ws.close(1000, "client closing");
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        Request request;
        try {
            request = upgradeRequests.next();
        } catch (IOException | RuntimeException e) {
            attemptFailed(e);
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            current = client.newWebSocket(request, new SocketListener());
        }
    }

    /** Building the upgrade request failed: a failed connection attempt, retried after the backoff. */
    private void attemptFailed(Exception error) {
        Duration wait;
        synchronized (lock) {
            if (closed) {
                return;
            }
            wait = backoff(failedInRow++);
            try {
                scheduler.schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closed concurrently
            }
        }
        String reason = "preparing the connection failed: " + error;
        log.warn("Push channel to {}: {}; retrying in {} ms", target, reason, wait.toMillis());
        safely(() -> listener.onDisconnect(reason, error));
    }

    /** Called once per dropped socket: schedules the reconnect and tells the listener. */
    private void dropped(WebSocket ws, String reason, Throwable error) {
        Duration wait;
        synchronized (lock) {
            if (ws != current || closed) {
                return; // stale socket, or closing for good
            }
            boolean wasOpen = connected;
            current = null;
            connected = false;
            cancelHeartbeat();
            // a connection that lived long enough resets the backoff; a flapping one keeps growing
            // it
            if (wasOpen
                    && System.nanoTime() - openedAtNanos
                            > settings.reconnectBackoffMax().toNanos()) {
                failedInRow = 0;
            }
            wait = backoff(failedInRow++);
            try {
                scheduler.schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closed concurrently
            }
        }
        log.warn(
                "Push channel to {} disconnected ({}); reconnecting in {} ms",
                target,
                reason,
                wait.toMillis());
        safely(() -> listener.onDisconnect(reason, error));
    }

    /**
     * Exponential backoff with "equal jitter": never less than half the step, so a flapping server
     * is not hammered.
     */
    Duration backoff(int failed) {
        long initial = settings.reconnectBackoffInitial().toNanos();
        long max = settings.reconnectBackoffMax().toNanos();
        int shift = Math.min(Math.max(failed, 0), 62);
        long step =
                initial == 0
                        ? 0
                        : (initial > (max >> shift) ? max : Math.min(max, initial << shift));
        double fraction = Math.min(1.0, Math.max(0.0, jitter.getAsDouble()));
        return Duration.ofNanos(step / 2 + (long) (step / 2 * fraction));
    }

    private void startHeartbeat() {
        if (!settings.hasHeartbeat()) {
            return;
        }
        long period = settings.heartbeatInterval().toNanos();
        heartbeat =
                scheduler.scheduleAtFixedRate(
                        () -> {
                            try {
                                String message = settings.heartbeatMessage().get();
                                if (message != null && !send(message)) {
                                    log.debug("Push channel to {}: heartbeat not queued", target);
                                }
                            } catch (RuntimeException e) {
                                log.warn("Push channel to {}: heartbeat message failed", target, e);
                            }
                        },
                        period,
                        period,
                        TimeUnit.NANOSECONDS);
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    private boolean isCurrent(WebSocket ws) {
        synchronized (lock) {
            return ws == current && !closed;
        }
    }

    private void safely(Runnable callback) {
        if (closed) {
            return;
        }
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("Push channel to {}: listener failed", target, e);
        }
    }

    private final class SocketListener extends WebSocketListener {

        @Override
        public void onOpen(WebSocket ws, Response response) {
            synchronized (lock) {
                if (ws != current || closed) {
                    ws.cancel();
                    return;
                }
                connected = true;
                openedAtNanos = System.nanoTime();
                if (everOpened) {
                    reconnects.incrementAndGet();
                }
                everOpened = true;
                try {
                    startHeartbeat();
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // closed concurrently
                }
            }
            log.info("Push channel to {} connected", target);
            safely(() -> listener.onOpen(PushChannel.this));
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            if (isCurrent(ws)) {
                safely(() -> listener.onMessage(text));
            }
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            if (isCurrent(ws)) {
                safely(() -> listener.onMessage(bytes.string(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
            dropped(
                    ws,
                    "server closed with code "
                            + code
                            + (reason == null || reason.isEmpty() ? "" : ": " + reason),
                    null);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            dropped(ws, "closed with code " + code, null);
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            String reason =
                    response != null
                            ? "upgrade answered HTTP " + response.code()
                            : t.getClass().getSimpleName() + ": " + t.getMessage();
            dropped(ws, reason, t);
        }
    }
}
