package io.datapoint.connect.core.config;

import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpStatusException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Tries a connector's connection settings during {@code validate()} and puts what went wrong on the field that
 * needs fixing: an unreachable server on the URL field, a rejected credential on the credential field.
 */
public final class ConnectivityCheck {

    /** A request that proves the URL and credential work, e.g. asking the platform who the caller is. */
    @FunctionalInterface
    public interface Probe {
        void run() throws IOException, InterruptedException;
    }

    /** The HTTP settings of a probe: validation answers quickly, so short timeouts and no retries. */
    public static final HttpSettings PROBE_SETTINGS = HttpSettings.builder().connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(10)).maxRetries(0).build();

    private ConnectivityCheck() {
    }

    /**
     * Runs the probe unless the URL or credential fields already have errors.
     *
     * @param urlField        the field that names the server
     * @param credentialField the field that holds the token, key or password
     */
    public static Config run(Config config, String platform, String urlField, String credentialField, Probe probe) {
        if (!Validators.noErrors(config, urlField, credentialField)) {
            return config;
        }
        try {
            probe.run();
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
}
