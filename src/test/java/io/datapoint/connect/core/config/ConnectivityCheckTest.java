package io.datapoint.connect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectivityCheckTest {

    private static final String URL = "x.url";
    private static final String TOKEN = "x.token";
    private static final String SECRET = "tok-0123456789";
    /** A retry budget that keeps the tests of persistent failures short. */
    private static final Duration SHORT = Duration.ofMillis(500);

    private final MockWebServer server = new MockWebServer();
    private final HttpTransport transport = new HttpTransport(HttpSettings.builder().maxRetries(0)
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build(), List.of(), null);

    @BeforeEach
    void startServer() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private static Config config() {
        return new Config(List.of(new ConfigValue(URL), new ConfigValue(TOKEN)));
    }

    private static List<String> errors(Config config, String field) {
        return Validators.field(config, field).errorMessages();
    }

    /** Asks who the caller is, with the token as a Bearer, as a platform's probe would. */
    private ConnectivityCheck.Probe probe(HttpUrl base) {
        return () -> transport.execute(new Request.Builder().url(base.resolve("/api/self?token=" + SECRET))
            .header("Authorization", "Bearer " + SECRET).build());
    }

    private static String all(Config config) {
        return String.join("\n", errors(config, URL)) + String.join("\n", errors(config, TOKEN));
    }

    @Test
    void a401PutsTheErrorOnTheCredentialField() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"bad token\"}").build());

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, probe(server.url("/")));

        assertEquals(List.of(), errors(config, URL));
        assertEquals(1, errors(config, TOKEN).size());
        assertTrue(errors(config, TOKEN).get(0).contains("Example rejected the credential (HTTP 401)"));
        assertFalse(all(config).contains(SECRET), "the token never appears in a message");
    }

    @Test
    void a403AlsoBlamesTheCredential() {
        server.enqueue(new MockResponse.Builder().code(403).build());

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, probe(server.url("/")));

        assertEquals(List.of(), errors(config, URL));
        assertTrue(errors(config, TOKEN).get(0).contains("HTTP 403"));
    }

    @Test
    void aRefusedConnectionPutsTheErrorOnTheUrlField() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN,
            probe(HttpUrl.get("http://127.0.0.1:" + closedPort + "/")), SHORT);

        assertEquals(List.of(), errors(config, TOKEN));
        assertEquals(1, errors(config, URL).size());
        assertTrue(errors(config, URL).get(0).startsWith("Cannot connect to Example at this URL"),
            errors(config, URL).get(0));
    }

    @Test
    void a404SaysNoApiAtThisUrlWithoutTheQueryString() {
        server.enqueue(new MockResponse.Builder().code(404).build());

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, probe(server.url("/")));

        assertEquals(List.of(), errors(config, TOKEN));
        String message = errors(config, URL).get(0);
        assertTrue(message.contains("No Example API was found at this URL (HTTP 404 for "), message);
        assertTrue(message.contains("/api/self"), message);
        assertFalse(message.contains(SECRET), message);
    }

    @Test
    void aPersistentStatusBlamesTheUrl() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(new MockResponse.Builder().code(502).build());
        }

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, probe(server.url("/")), SHORT);

        assertTrue(errors(config, URL).get(0).contains("Example answered HTTP 502"));
        assertEquals(List.of(), errors(config, TOKEN));
        assertTrue(server.getRequestCount() > 1, "a 502 is tried again within the budget");
    }

    @Test
    void oneTransient503OrResetIsTriedAgainAndPasses() {
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, probe(server.url("/")));

        // the 503 and the reset were tried again: only the third answer passes
        assertEquals("", all(config));
    }

    @Test
    void aRejectedCredentialIsNotTriedAgain() {
        server.enqueue(new MockResponse.Builder().code(401).build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, probe(server.url("/")));

        assertEquals(1, errors(config, TOKEN).size());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void anUnknownHostBlamesTheUrl() {
        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, () -> {
            throw new UnknownHostException("nowhere.invalid");
        });

        assertEquals(List.of("Unknown host: nowhere.invalid. Check the URL."), errors(config, URL));
    }

    @Test
    void anInterruptBlamesTheUrlAndKeepsTheFlag() {
        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, () -> {
            throw new InterruptedException();
        });

        assertTrue(Thread.interrupted(), "the interrupt flag is restored");
        assertEquals(1, errors(config, URL).size());
    }

    @Test
    void theProbeIsSkippedWhenTheFieldsAlreadyHaveErrors() {
        Config config = config();
        Validators.field(config, TOKEN).addErrorMessage("Must not be empty");
        AtomicBoolean ran = new AtomicBoolean();

        ConnectivityCheck.run(config, "Example", URL, TOKEN, () -> ran.set(true));

        assertFalse(ran.get());
        assertEquals(List.of("Must not be empty"), errors(config, TOKEN));
        assertEquals(List.of(), errors(config, URL));
    }

    @Test
    void aWorkingConnectionAddsNoErrors() {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        Config config = ConnectivityCheck.run(config(), "Example", URL, TOKEN, probe(server.url("/")));

        assertEquals("", all(config));
    }
}
