package io.datapoint.connect.core.http;

import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of one {@link HttpTransport}: timeouts, retry policy, rate limit, response
 * bound, TLS trust store and proxy. Built with {@link #builder()}; every option has a default.
 */
public final class HttpSettings {

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration retryBackoffInitial;
    private final Duration retryBackoffMax;
    private final Duration maxRetryAfter;
    private final double requestsPerSecond;
    private final long maxResponseBytes;
    private final String userAgent;
    private final String trustStorePath;
    private final Password trustStorePassword;
    private final String trustStoreType;
    private final String proxyHost;
    private final int proxyPort;

    private HttpSettings(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBackoffInitial = b.retryBackoffInitial;
        this.retryBackoffMax = b.retryBackoffMax;
        this.maxRetryAfter = b.maxRetryAfter;
        this.requestsPerSecond = b.requestsPerSecond;
        this.maxResponseBytes = b.maxResponseBytes;
        this.userAgent = b.userAgent;
        this.trustStorePath = b.trustStorePath;
        this.trustStorePassword = b.trustStorePassword;
        this.trustStoreType = b.trustStoreType;
        this.proxyHost = b.proxyHost;
        this.proxyPort = b.proxyPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default. */
    public static HttpSettings defaults() {
        return builder().build();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryBackoffInitial() {
        return retryBackoffInitial;
    }

    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Per-host request rate; 0 means unlimited. */
    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    public String userAgent() {
        return userAgent;
    }

    /** Path of the trust store file, when one is configured. */
    public Optional<String> trustStorePath() {
        return Optional.ofNullable(trustStorePath);
    }

    /** Trust store password; {@code null} when none. */
    public Password trustStorePassword() {
        return trustStorePassword;
    }

    /**
     * Trust store type (JKS, PKCS12); {@code null} means "guess from the file name, else the JVM
     * default".
     */
    public String trustStoreType() {
        return trustStoreType;
    }

    /** Proxy host, when one is configured. */
    public Optional<String> proxyHost() {
        return Optional.ofNullable(proxyHost);
    }

    public int proxyPort() {
        return proxyPort;
    }

    @Override
    public String toString() {
        // no password here, ever
        return "HttpSettings{connectTimeout="
                + connectTimeout
                + ", readTimeout="
                + readTimeout
                + ", maxRetries="
                + maxRetries
                + ", retryBackoffInitial="
                + retryBackoffInitial
                + ", retryBackoffMax="
                + retryBackoffMax
                + ", maxRetryAfter="
                + maxRetryAfter
                + ", requestsPerSecond="
                + requestsPerSecond
                + ", maxResponseBytes="
                + maxResponseBytes
                + ", userAgent="
                + userAgent
                + ", trustStore="
                + trustStorePath
                + ", proxy="
                + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort)
                + "}";
    }

    /** Builder of {@link HttpSettings}; not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int maxRetries = 8;
        private Duration retryBackoffInitial = Duration.ofMillis(200);
        private Duration retryBackoffMax = Duration.ofSeconds(30);
        private Duration maxRetryAfter = Duration.ofMinutes(5);
        private double requestsPerSecond = 0;
        private long maxResponseBytes = 64L * 1024 * 1024;
        private String userAgent = "datapoint-connect";
        private String trustStorePath;
        private Password trustStorePassword;
        private String trustStoreType;
        private String proxyHost;
        private int proxyPort;

        private Builder() {}

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = nonNegative(value, "connectTimeout");
            return this;
        }

        public Builder readTimeout(Duration value) {
            this.readTimeout = nonNegative(value, "readTimeout");
            return this;
        }

        public Builder maxRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, was " + value);
            }
            this.maxRetries = value;
            return this;
        }

        public Builder retryBackoffInitial(Duration value) {
            this.retryBackoffInitial = nonNegative(value, "retryBackoffInitial");
            return this;
        }

        public Builder retryBackoffMax(Duration value) {
            this.retryBackoffMax = nonNegative(value, "retryBackoffMax");
            return this;
        }

        /** The longest Retry-After honoured; a longer one is capped to this. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = nonNegative(value, "maxRetryAfter");
            return this;
        }

        /**
         * Requests per second to one host, shared by every transport of this JVM; 0 = unlimited.
         */
        public Builder requestsPerSecond(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(
                        "requestsPerSecond must be a finite number >= 0, was " + value);
            }
            this.requestsPerSecond = value;
            return this;
        }

        public Builder maxResponseBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be > 0, was " + value);
            }
            this.maxResponseBytes = value;
            return this;
        }

        public Builder userAgent(String value) {
            this.userAgent = Objects.requireNonNull(value, "userAgent");
            return this;
        }

        /**
         * A trust store for TLS server certificates instead of the JVM's. {@code type} may be null:
         * PKCS12 for {@code .p12}/{@code .pfx} files, else JKS.
         */
        public Builder trustStore(String path, Password password, String type) {
            this.trustStorePath = blankToNull(path);
            this.trustStorePassword = password;
            this.trustStoreType = blankToNull(type);
            return this;
        }

        /** An HTTP proxy for every request; a null or blank host means no proxy. */
        public Builder proxy(String host, int port) {
            String h = blankToNull(host);
            if (h != null && (port <= 0 || port > 65535)) {
                throw new IllegalArgumentException("proxy port must be in 1..65535, was " + port);
            }
            this.proxyHost = h;
            this.proxyPort = h == null ? 0 : port;
            return this;
        }

        public HttpSettings build() {
            if (retryBackoffMax.compareTo(retryBackoffInitial) < 0) {
                throw new IllegalArgumentException(
                        "retryBackoffMax ("
                                + retryBackoffMax
                                + ") must not be shorter than retryBackoffInitial ("
                                + retryBackoffInitial
                                + ")");
            }
            return new HttpSettings(this);
        }

        private static Duration nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }
}
