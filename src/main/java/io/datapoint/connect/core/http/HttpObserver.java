package io.datapoint.connect.core.http;

/**
 * Observer of HTTP exchanges, e.g. for metrics. Called on the requesting thread; must be cheap and
 * not throw.
 */
public interface HttpObserver {

    /** A response arrived (any status), after {@code micros} microseconds. */
    default void onResponse(String host, int status, long micros) {}

    /**
     * A retry was scheduled; {@code attempt} is the number of the attempt that failed (1 = first).
     */
    default void onRetry(String host, int attempt, String reason) {}

    /** The exchange failed for good (after retries where allowed). */
    default void onFailure(String host, Throwable error) {}

    HttpObserver NONE = new HttpObserver() {};
}
