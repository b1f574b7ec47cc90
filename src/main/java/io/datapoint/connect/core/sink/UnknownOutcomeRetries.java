package io.datapoint.connect.core.sink;

import io.datapoint.connect.core.http.HttpStatusException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Paces a writer's own retries of a write the platform cannot de-duplicate: after a failure whose outcome is unknown
 * (the write may have landed), the writer waits, looks at what the platform stores, and sends only what is missing.
 * Which failures leave the outcome unknown, how many attempts, and how long between them are decided here, once.
 */
public final class UnknownOutcomeRetries {

    private final int maxRetries;
    private final Duration backoff;
    private final Duration backoffMax;

    /**
     * @param maxRetries how many times a write is tried again after the first attempt
     * @param backoff    the first pause; each further one doubles, up to {@code backoffMax}, with jitter
     */
    public UnknownOutcomeRetries(int maxRetries, Duration backoff, Duration backoffMax) {
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.backoffMax = backoffMax;
    }

    /**
     * Whether a failed write may or may not have landed, so that it is checked and tried again: a retriable status,
     * a timeout (the server may still be working), a reset or a cut answer. Not an interrupt or a closed transport,
     * which mean the task is stopping, nor a status the server refused the content with.
     */
    public static boolean outcomeUnknown(IOException failure) {
        if (failure instanceof HttpStatusException status) {
            return status.retriable();
        }
        return failure instanceof SocketTimeoutException || !(failure instanceof InterruptedIOException);
    }

    /** True when attempt number {@code attempt} (the first is 1) failed and no retry is left. */
    public boolean exhausted(int attempt) {
        return attempt > maxRetries;
    }

    /** Waits before the check that follows failed attempt number {@code attempt}. */
    public void pause(int attempt) throws InterruptedIOException {
        long base = backoff.toMillis() << Math.min(16, attempt - 1);
        long capped = Math.min(backoffMax.toMillis(), Math.max(1, base));
        try {
            Thread.sleep(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to check a failed write");
        }
    }
}
