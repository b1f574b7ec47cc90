package io.datapoint.connect.core.http;

import dev.failsafe.RateLimiter;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-host request rate limits (Failsafe smooth rate limiters), shared by every {@link
 * HttpTransport} of the JVM that uses the same host and rate: all tasks of all connectors talking
 * to one server stay under one budget.
 */
final class HostRateLimiters {

    /** The JVM-wide registry used by transports. */
    static final HostRateLimiters SHARED = new HostRateLimiters();

    private record Key(String host, double requestsPerSecond) {}

    private final ConcurrentMap<Key, RateLimiter<Object>> limiters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> permits = new ConcurrentHashMap<>();

    /** Blocks until a request to {@code host} may go out; interruptible. */
    void acquire(String host, double requestsPerSecond) throws InterruptedException {
        limiterFor(host, requestsPerSecond).acquirePermit();
        permits.computeIfAbsent(normalize(host), h -> new AtomicLong()).incrementAndGet();
    }

    /** The limiter of {@code host} at this rate, created on first use. */
    RateLimiter<Object> limiterFor(String host, double requestsPerSecond) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be > 0");
        }
        return limiters.computeIfAbsent(
                new Key(normalize(host), requestsPerSecond),
                k -> RateLimiter.<Object>smoothBuilder(interval(k.requestsPerSecond())).build());
    }

    /**
     * How many permits were handed out for {@code host}, across all transports: an observation for
     * tests.
     */
    long permitsAcquired(String host) {
        AtomicLong n = permits.get(normalize(host));
        return n == null ? 0 : n.get();
    }

    private static Duration interval(double requestsPerSecond) {
        return Duration.ofNanos(Math.max(1L, Math.round(1_000_000_000d / requestsPerSecond)));
    }

    private static String normalize(String host) {
        return host.toLowerCase(Locale.ROOT);
    }
}
