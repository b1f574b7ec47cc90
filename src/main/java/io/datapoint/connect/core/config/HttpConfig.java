package io.datapoint.connect.core.config;

import io.datapoint.connect.core.http.HttpSettings;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The HTTP settings every connector shares: timeouts, retries, rate limit, response size, TLS trust and proxy. */
public final class HttpConfig {

    public static final String GROUP = "HTTP";

    public static final String CONNECT_TIMEOUT_MS = "http.timeout.connect.ms";
    public static final String READ_TIMEOUT_MS = "http.timeout.read.ms";
    public static final String RETRIES_MAX = "http.retries.max";
    public static final String RETRY_BACKOFF_MS = "http.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "http.retry.backoff.max.ms";
    public static final String RETRY_AFTER_MAX_MS = "http.retry.after.max.ms";
    public static final String RATE_LIMIT = "http.rate.limit.per.second";
    public static final String RESPONSE_MAX_BYTES = "http.response.max.bytes";
    public static final String TRUSTSTORE_LOCATION = "http.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "http.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "http.ssl.truststore.type";
    public static final String PROXY_HOST = "http.proxy.host";
    public static final String PROXY_PORT = "http.proxy.port";

    /** The names of the keys {@link #define} adds. */
    public static final java.util.Set<String> NAMES = define(new ConfigDef()).names();

    private HttpConfig() {
    }

    /** Adds the HTTP settings to a connector's ConfigDef. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
            .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                "How long to wait for a TCP connection to the platform, in milliseconds.",
                GROUP, ++order, Width.SHORT, "Connect timeout (ms)")
            .define(READ_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                "How long to wait for data on an open connection, in milliseconds.",
                GROUP, ++order, Width.SHORT, "Read timeout (ms)")
            .define(RETRIES_MAX, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM,
                "How many times a request that failed in a retriable way (connection error, timeout, 408, 429, 5xx"
                    + " other than 501) is tried again before the failure is reported.",
                GROUP, ++order, Width.SHORT, "Max retries")
            .define(RETRY_BACKOFF_MS, Type.LONG, 200L, Range.atLeast(1), Importance.LOW,
                "The first retry waits up to this long (ms); each further retry doubles it, with full jitter.",
                GROUP, ++order, Width.SHORT, "Retry backoff (ms)")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                "The longest wait between retries (ms).", GROUP, ++order, Width.SHORT, "Max retry backoff (ms)")
            .define(RETRY_AFTER_MAX_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.LOW,
                "A Retry-After header asking for a longer wait than this (ms) is capped to it.",
                GROUP, ++order, Width.SHORT, "Max Retry-After (ms)")
            .define(RATE_LIMIT, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.LOW,
                "Most requests per second to one host, shared by all tasks in a worker; 0 means no limit.",
                GROUP, ++order, Width.SHORT, "Rate limit (requests/s)")
            .define(RESPONSE_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                "A response body larger than this many bytes fails the request instead of filling the heap.",
                GROUP, ++order, Width.SHORT, "Max response size (bytes)")
            .define(TRUSTSTORE_LOCATION, Type.STRING, null, Importance.LOW,
                "A trust store file for HTTPS servers whose certificates the JVM does not trust by default.",
                GROUP, ++order, Width.LONG, "Trust store")
            .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                "The trust store's password.", GROUP, ++order, Width.MEDIUM, "Trust store password")
            .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"),
                Importance.LOW, "The trust store's format.", GROUP, ++order, Width.SHORT, "Trust store type")
            .define(PROXY_HOST, Type.STRING, null, Importance.LOW,
                "An HTTP proxy to reach the platform through.", GROUP, ++order, Width.MEDIUM, "Proxy host")
            .define(PROXY_PORT, Type.INT, 3128, Range.between(1, 65535), Importance.LOW,
                "The proxy's port.", GROUP, ++order, Width.SHORT, "Proxy port");
    }

    /** The transport settings a parsed config asks for. */
    public static HttpSettings settings(AbstractConfig config) {
        return builder(config).build();
    }

    /**
     * The settings of a {@code validate()} probe: the trust store and proxy the connector config asks for, with short
     * timeouts and no retries of its own ({@link ConnectivityCheck} retries within its budget).
     *
     * @param props the connector config as submitted
     * @throws org.apache.kafka.common.config.ConfigException when an HTTP setting is invalid (its field says so)
     */
    public static HttpSettings probeSettings(java.util.Map<String, String> props) {
        AbstractConfig http = new AbstractConfig(define(new ConfigDef()), props, false);
        return builder(http).connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).maxRetries(0)
            .build();
    }

    private static HttpSettings.Builder builder(AbstractConfig config) {
        HttpSettings.Builder b = HttpSettings.builder()
            .connectTimeout(Duration.ofMillis(config.getInt(CONNECT_TIMEOUT_MS)))
            .readTimeout(Duration.ofMillis(config.getInt(READ_TIMEOUT_MS)))
            .maxRetries(config.getInt(RETRIES_MAX))
            .retryBackoffInitial(Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)))
            .retryBackoffMax(Duration.ofMillis(config.getLong(RETRY_BACKOFF_MAX_MS)))
            .maxRetryAfter(Duration.ofMillis(config.getLong(RETRY_AFTER_MAX_MS)))
            .requestsPerSecond(config.getDouble(RATE_LIMIT))
            .maxResponseBytes(config.getLong(RESPONSE_MAX_BYTES));
        String trustStore = config.getString(TRUSTSTORE_LOCATION);
        if (trustStore != null && !trustStore.isBlank()) {
            Password password = config.getPassword(TRUSTSTORE_PASSWORD);
            b.trustStore(trustStore, password, config.getString(TRUSTSTORE_TYPE));
        }
        String proxy = config.getString(PROXY_HOST);
        if (proxy != null && !proxy.isBlank()) {
            b.proxy(proxy, config.getInt(PROXY_PORT));
        }
        return b;
    }
}
