package io.datapoint.connect.core.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before a retry: the server's Retry-After on 429 and 503 (capped), else
 * exponential backoff with full jitter, a random wait between 0 and {@code min(max, initial *
 * 2^retry)}.
 */
final class RetryDelays {

    private final Duration initial;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final DoubleSupplier jitter;
    private final Clock clock;

    /** {@code jitter} yields numbers in [0, 1]. */
    RetryDelays(
            Duration initial,
            Duration max,
            Duration maxRetryAfter,
            DoubleSupplier jitter,
            Clock clock) {
        this.initial = initial;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.jitter = jitter;
        this.clock = clock;
    }

    /** The wait before retry number {@code retry} (0 = the first retry) after {@code failure}. */
    Duration delayFor(int retry, Throwable failure) {
        Optional<Duration> serverAsked = serverRetryAfter(failure);
        if (serverAsked.isPresent()) {
            Duration asked = serverAsked.get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        long capNanos = backoffCapNanos(retry);
        double fraction = Math.min(1.0, Math.max(0.0, jitter.getAsDouble()));
        return Duration.ofNanos((long) (capNanos * fraction));
    }

    /** {@code min(max, initial * 2^retry)} in nanoseconds, without overflow. */
    long backoffCapNanos(int retry) {
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        if (initialNanos == 0) {
            return 0;
        }
        int shift = Math.max(0, retry);
        if (shift >= 62 || initialNanos > (maxNanos >> shift)) {
            return maxNanos;
        }
        return Math.min(maxNanos, initialNanos << shift);
    }

    private Optional<Duration> serverRetryAfter(Throwable failure) {
        if (failure instanceof HttpStatusException e && (e.status() == 429 || e.status() == 503)) {
            return e.retryAfter(clock);
        }
        return Optional.empty();
    }
}
