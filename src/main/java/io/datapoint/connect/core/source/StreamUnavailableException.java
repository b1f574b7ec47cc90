package io.datapoint.connect.core.source;

import java.io.IOException;

/**
 * A stream that cannot be read for now: deleted, or no longer readable with the configured credentials. The engine
 * parks the stream and tries again later; discovery drops it from the assignment when it is really gone.
 */
public final class StreamUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public StreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
