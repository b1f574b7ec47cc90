package io.datapoint.connect.core.http;

import java.io.IOException;

/** A response body larger than {@link HttpSettings#maxResponseBytes()}; never retried. */
public final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public ResponseTooLargeException(String method, String safeUrl, long limit) {
        super(
                method
                        + " "
                        + safeUrl
                        + " returned a body larger than "
                        + limit
                        + " bytes; ask for smaller pages or raise the maximum response size");
    }
}
