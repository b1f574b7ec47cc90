package io.datapoint.connect.core.http;

/** Whether {@link HttpTransport} may repeat a request. */
public enum RetryMode {
    /** Retry what is retriable (idempotent requests). */
    RETRY,
    /** One attempt only: for non-idempotent writes, where the caller first checks what landed. */
    NO_RETRY
}
