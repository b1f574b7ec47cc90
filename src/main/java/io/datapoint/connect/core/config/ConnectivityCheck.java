package io.datapoint.connect.core.config;

import io.datapoint.connect.core.http.HttpStatusException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Tries a connector's connection settings during {@code validate()} and puts what went wrong on the field that
 * needs fixing: an unreachable server on the URL field, a rejected credential on the credential field. A transient
 * failure (a 5xx, 429, reset or timeout) is tried again within a short budget, so that one hiccup of a healthy
 * server does not refuse a good config; only what persists is reported.
 */
public final class ConnectivityCheck {

    /** A request that proves the URL and credential work, e.g. asking the platform who the caller is. */
    @FunctionalInterface
    public interface Probe {
        void run() throws IOException, InterruptedException;
    }

    /** How long a probe is tried again after transient failures. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(4);

    private ConnectivityCheck() {
    }

    /**
     * Runs the probe unless the URL, credential or HTTP fields already have errors. The probe builds its transport
     * with {@link HttpConfig#probeSettings}, so that the trust store and proxy settings apply to it.
     *
     * @param urlField        the field that names the server
     * @param credentialField the field that holds the token, key or password
     */
    public static Config run(Config config, String platform, String urlField, String credentialField, Probe probe) {
        return run(config, platform, urlField, credentialField, probe, RETRY_BUDGET);
    }

    static Config run(Config config, String platform, String urlField, String credentialField, Probe probe,
                      Duration budget) {
        if (!Validators.noErrors(config, urlField, credentialField)
            || !Validators.noErrors(config, HttpConfig.NAMES.toArray(String[]::new))) {
            return config;
        }
        try {
            runWithin(probe, budget);
        } catch (ConfigException e) {
            // the HTTP settings parsed, so what remains is a trust store that does not load
            add(config, HttpConfig.TRUSTSTORE_LOCATION, e.getMessage());
        } catch (HttpStatusException e) {
            if (e.status() == 401 || e.status() == 403) {
                add(config, credentialField, platform + " rejected the credential (HTTP " + e.status()
                    + "). Check that it is valid, enabled and has the scopes this connector needs.");
            } else if (e.status() == 404) {
                add(config, urlField, "No " + platform + " API was found at this URL (HTTP 404 for " + e.url()
                    + "). Check the URL: it should be the server's base URL.");
            } else {
                add(config, urlField, platform + " answered HTTP " + e.status() + " at " + e.url()
                    + ". Check that the URL points at a healthy server.");
            }
        } catch (SSLPeerUnverifiedException e) {
            add(config, urlField, "The TLS certificate of " + platform + " at this URL does not name its host ("
                + e.getMessage() + "). Use a URL with a host name the certificate names; host names are always"
                + " verified.");
        } catch (SSLHandshakeException e) {
            add(config, urlField, "The TLS certificate of " + platform + " at this URL is not trusted ("
                + e.getMessage() + "). If the server uses a private CA or a self-signed certificate, put that"
                + " certificate in a PKCS12 or JKS trust store on every Connect worker and set "
                + HttpConfig.TRUSTSTORE_LOCATION + " (with " + HttpConfig.TRUSTSTORE_PASSWORD + " and "
                + HttpConfig.TRUSTSTORE_TYPE + ").");
        } catch (UnknownHostException e) {
            add(config, urlField, "Unknown host: " + e.getMessage() + ". Check the URL.");
        } catch (ConnectException e) {
            add(config, urlField, "Cannot connect to " + platform + " at this URL (" + e.getMessage()
                + "). Check the URL and that the server is running and reachable from the Connect workers.");
        } catch (IOException e) {
            add(config, urlField, "Cannot reach " + platform + " at this URL: " + e + ". Check the URL and the"
                + " network path from the Connect workers.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            add(config, urlField, "Interrupted while checking the connection to " + platform);
        }
        return config;
    }

    private static void add(Config config, String field, String message) {
        ConfigValue value = Validators.field(config, field);
        if (value != null) {
            value.addErrorMessage(message);
        }
    }

    /** Runs the probe, again after transient failures with a doubling pause, until it passes or the budget is spent. */
    private static void runWithin(Probe probe, Duration budget) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        long pauseMillis = 200;
        while (true) {
            try {
                probe.run();
                return;
            } catch (IOException e) {
                if (!isTransient(e) || System.nanoTime() + pauseMillis * 1_000_000 - deadline > 0) {
                    throw e;
                }
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(1_000, pauseMillis * 2);
        }
    }

    /** A failure a healthy server can cause once: a retriable status, a reset, a timeout, a cut body. */
    private static boolean isTransient(IOException e) {
        if (e instanceof HttpStatusException status) {
            return status.retriable();
        }
        boolean interrupted = e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
        return !(interrupted || e instanceof UnknownHostException || e instanceof SSLException);
    }
}
