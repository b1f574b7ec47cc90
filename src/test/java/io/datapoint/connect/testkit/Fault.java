package io.datapoint.connect.testkit;

/** The faults of the reliability matrix: what a platform's simulator can do to the next requests or connections. */
public enum Fault {
    /** 429 Too Many Requests with {@code Retry-After: 1}. */
    RATE_LIMITED,
    /** A burst of 502 and 503 answers. */
    SERVER_ERRORS,
    /** The connection is cut before any answer; nothing was done. */
    CONNECTION_RESET,
    /** The answer comes after the client's read timeout (the matrix sets it to 1 s); the server did the work. */
    READ_TIMEOUT,
    /** A 200 whose body is cut short. */
    TRUNCATED_BODY,
    /** The server did the work (a write landed), then the connection was cut unanswered. */
    LOST_RESPONSE,
    /** Every open push websocket is dropped; nothing is replayed. */
    WEBSOCKET_DROP,
    /** The access token expires or is revoked: the next request answers 401. */
    TOKEN_EXPIRY
}
