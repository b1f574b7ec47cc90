package io.datapoint.connect.core.push;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

class PushChannelTest {

    private static final PushSettings FAST =
            new PushSettings(
                    Duration.ofSeconds(30),
                    null,
                    null,
                    Duration.ofMillis(10),
                    Duration.ofMillis(40));

    private MockWebServer server;
    private final OkHttpClient client = new OkHttpClient();

    /** Server side: sockets opened, messages received. */
    private final List<WebSocket> serverSockets = new CopyOnWriteArrayList<>();

    private final List<String> serverReceived = new CopyOnWriteArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    private PushChannel channel;

    /** Greets each connection and acknowledges each message. */
    private final WebSocketListener serverListener =
            new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws, Response response) {
                    serverSockets.add(ws);
                    ws.send("hello " + serverSockets.size());
                }

                @Override
                public void onMessage(WebSocket ws, String text) {
                    serverReceived.add(text);
                    ws.send("ack:" + text);
                }

                @Override
                public void onClosing(WebSocket ws, int code, String reason) {
                    ws.close(1000, null);
                }
            };

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.close();
        }
        server.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private void alwaysUpgrade() {
        server.setDispatcher(
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        return new MockResponse.Builder().webSocketUpgrade(serverListener).build();
                    }
                });
    }

    private PushChannel channel(PushSettings settings) {
        channel =
                new PushChannel(
                        client,
                        new Request.Builder().url(server.url("/ws?token=x")).build(),
                        listener,
                        settings,
                        () -> 0.5);
        return channel;
    }

    @Test
    void opensReceivesMessagesAndSendsSubscriptions() {
        alwaysUpgrade();
        PushChannel ch = channel(FAST);
        assertFalse(ch.send("too early"), "not connected yet");

        ch.start();

        await().until(() -> listener.messages.contains("ack:subscribe"));
        assertEquals(1, listener.opens.get());
        assertTrue(listener.messages.contains("hello 1"));
        assertEquals(List.of("subscribe"), serverReceived);
        assertTrue(ch.isConnected());
        assertEquals(0, ch.reconnects());
    }

    @Test
    void serverClose1011LeadsToReconnectAndANewOnOpen() {
        alwaysUpgrade();
        PushChannel ch = channel(FAST);
        ch.start();
        await().until(() -> serverReceived.size() == 1);

        serverSockets.get(0).close(1011, "server restarting");

        await().until(() -> listener.opens.get() == 2);
        assertEquals(1, ch.reconnects());
        assertEquals(1, listener.disconnects.size());
        assertTrue(listener.disconnects.get(0).contains("1011"), listener.disconnects.get(0));
        assertTrue(
                listener.disconnects.get(0).contains("server restarting"),
                listener.disconnects.get(0));
        // the listener resubscribed on the new connection
        await().until(() -> serverReceived.size() == 2);
        await().until(() -> listener.messages.contains("hello 2"));
    }

    @Test
    void failedUpgradeIsRetriedWithBackoff() {
        server.enqueue(new MockResponse.Builder().code(503).body("not now").build());
        server.enqueue(new MockResponse.Builder().code(502).build());
        server.enqueue(new MockResponse.Builder().webSocketUpgrade(serverListener).build());
        PushChannel ch = channel(FAST);

        ch.start();

        await().until(() -> listener.opens.get() == 1);
        assertEquals(3, server.getRequestCount());
        assertEquals(2, listener.disconnects.size());
        assertTrue(listener.disconnects.get(0).contains("503"), listener.disconnects.get(0));
        assertEquals(0, ch.reconnects(), "never connected before, so not a reconnect");
    }

    @Test
    void requestFactoryBuildsANewUpgradeRequestForEachConnectAndItsFailuresAreRetried() {
        alwaysUpgrade();
        AtomicInteger attempts = new AtomicInteger();
        List<String> paths = new CopyOnWriteArrayList<>();
        channel =
                new PushChannel(
                        client,
                        () -> {
                            int n = attempts.incrementAndGet();
                            if (n == 2) {
                                throw new IOException("session endpoint answered 503");
                            }
                            String path = "/session/s" + n + "/ws";
                            paths.add(path);
                            return new Request.Builder().url(server.url(path)).build();
                        },
                        "test-host/session",
                        listener,
                        FAST,
                        () -> 0.5);
        channel.start();
        await().until(() -> listener.opens.get() == 1);

        serverSockets.get(0).close(1011, "bye");

        // the second attempt fails before any socket (counted as a failed connect), the third connects
        await().until(() -> listener.opens.get() == 2);
        assertEquals(3, attempts.get());
        assertEquals(List.of("/session/s1/ws", "/session/s3/ws"), paths);
        assertTrue(
                listener.disconnects.stream().anyMatch(d -> d.contains("session endpoint answered 503")),
                listener.disconnects.toString());
        assertEquals(1, channel.reconnects());
    }

    @Test
    void closeStopsReconnectingAndSilencesCallbacks() {
        alwaysUpgrade();
        PushChannel ch =
                channel(
                        new PushSettings(
                                Duration.ofSeconds(30),
                                null,
                                null,
                                Duration.ofMillis(400),
                                Duration.ofMillis(400)));
        ch.start();
        await().until(() -> serverReceived.size() == 1);

        serverSockets.get(0).close(1011, "bye");
        await().until(() -> listener.disconnects.size() == 1); // a reconnect is now scheduled
        ch.close();

        int requests = server.getRequestCount();
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> server.getRequestCount() == requests && listener.opens.get() == 1);
        assertFalse(ch.isConnected());
        assertFalse(ch.send("after close"));
    }

    @Test
    void closeWhileConnectedClosesTheSocketForGood() {
        alwaysUpgrade();
        PushChannel ch = channel(FAST);
        ch.start();
        await().until(() -> serverReceived.size() == 1);
        int messagesBefore = listener.messages.size();

        ch.close();
        serverSockets.get(0).send("late message");

        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(3))
                .until(() -> listener.opens.get() == 1 && server.getRequestCount() == 1);
        assertEquals(messagesBefore, listener.messages.size(), "no callbacks after close()");
        assertTrue(listener.disconnects.isEmpty());
    }

    @Test
    void sendsTheApplicationHeartbeat() {
        alwaysUpgrade();
        PushChannel ch =
                channel(
                        new PushSettings(
                                Duration.ofSeconds(30),
                                Duration.ofMillis(20),
                                () -> "{\"ping\":1}",
                                Duration.ofMillis(10),
                                Duration.ofMillis(40)));
        ch.start();

        await().until(() -> serverReceived.stream().filter("{\"ping\":1}"::equals).count() >= 3);
    }

    @Test
    void missingPongDropsTheConnectionAndReconnects() throws Exception {
        try (SilentWebSocketServer silent = new SilentWebSocketServer()) {
            channel =
                    new PushChannel(
                            client,
                            new Request.Builder().url(silent.url()).build(),
                            listener,
                            new PushSettings(
                                    Duration.ofMillis(50),
                                    null,
                                    null,
                                    Duration.ofMillis(10),
                                    Duration.ofMillis(40)),
                            () -> 0.5);
            channel.start();

            await().until(() -> listener.opens.get() >= 2);
            assertTrue(
                    listener.disconnects.get(0).toLowerCase().contains("pong"),
                    listener.disconnects.get(0));
            assertTrue(channel.reconnects() >= 1);
        }
    }

    @Test
    void backoffGrowsWithEqualJitterAndIsCapped() {
        PushSettings s =
                new PushSettings(
                        Duration.ofSeconds(30),
                        null,
                        null,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(30));
        PushChannel low =
                new PushChannel(
                        client,
                        new Request.Builder().url("http://h/ws").build(),
                        listener,
                        s,
                        () -> 0.0);
        PushChannel high =
                new PushChannel(
                        client,
                        new Request.Builder().url("http://h/ws").build(),
                        listener,
                        s,
                        () -> 1.0);
        try {
            assertEquals(Duration.ofMillis(100), low.backoff(0));
            assertEquals(Duration.ofMillis(200), high.backoff(0));
            assertEquals(Duration.ofMillis(800), high.backoff(2));
            assertEquals(Duration.ofSeconds(30), high.backoff(40));
            assertEquals(Duration.ofSeconds(15), low.backoff(Integer.MAX_VALUE));
        } finally {
            low.close();
            high.close();
        }
    }

    @Test
    void defaults() {
        PushSettings d = PushSettings.defaults();
        assertEquals(Duration.ofSeconds(30), d.pingInterval());
        assertEquals(Duration.ofMillis(200), d.reconnectBackoffInitial());
        assertEquals(Duration.ofSeconds(30), d.reconnectBackoffMax());
        assertFalse(d.hasHeartbeat());
    }

    /** Subscribes on every open; records what it sees. */
    private static final class RecordingListener implements PushListener {
        final AtomicInteger opens = new AtomicInteger();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> disconnects = new CopyOnWriteArrayList<>();

        @Override
        public void onOpen(PushChannel channel) {
            opens.incrementAndGet();
            channel.send("subscribe");
        }

        @Override
        public void onMessage(String text) {
            messages.add(text);
        }

        @Override
        public void onDisconnect(String reason, Throwable error) {
            disconnects.add(reason);
        }
    }

    /**
     * Completes the websocket handshake, then never reads or answers anything: pings go unanswered.
     */
    private static final class SilentWebSocketServer implements AutoCloseable {
        private final ServerSocket socket =
                new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptLoop, "silent-ws");

        SilentWebSocketServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/ws";
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    accepted.add(s);
                    handshake(s);
                } catch (Exception e) {
                    return;
                }
            }
        }

        private static void handshake(Socket s) throws Exception {
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line = in.readLine();
                    line != null && !line.isEmpty();
                    line = in.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            byte[] sha1 =
                    MessageDigest.getInstance("SHA-1")
                            .digest(
                                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                            .getBytes(StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            out.write(
                    ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Accept: "
                                    + Base64.getEncoder().encodeToString(sha1)
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
