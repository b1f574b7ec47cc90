package io.datapoint.connect.heedy.sim;

/**
 * A heedy API error: an HTTP status plus the Go error string it came from. The body is built the
 * way heedy's {@code rest.NewErrorResponse} does it: split at the first colon; if the head has no
 * space it is the {@code error} code, otherwise the code is {@code server_error} and the whole text
 * is the description.
 */
final class HeedyError extends RuntimeException {
    static final String NOT_FOUND = "not_found: The selected resource was not found";

    final int status;
    final String code;
    final String description;

    HeedyError(int status, String goError) {
        super(goError, null, false, false);
        this.status = status;
        int colon = goError.indexOf(':');
        if (colon > 0 && goError.substring(0, colon).indexOf(' ') < 0) {
            this.code = goError.substring(0, colon);
            this.description = goError.substring(colon + 1).trim();
        } else {
            this.code = "server_error";
            this.description = goError;
        }
    }

    static HeedyError badQuery(String message) {
        return new HeedyError(400, "bad_query: " + message);
    }

    static HeedyError notFound(int status) {
        return new HeedyError(status, NOT_FOUND);
    }
}
