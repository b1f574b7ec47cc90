package io.datapoint.connect.connectordb.sim;

/**
 * A failure that becomes the ConnectorDB error envelope {@code {"code","msg","ref"}}. ConnectorDB picks the status
 * from the handler, not from the cause, so operation errors carry status 0 and the handler fills it in.
 */
final class SimError extends RuntimeException {
    private final int status;

    SimError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** An error whose status the handler decides (403 for data calls, 404 for metadata reads, ...). */
    static SimError op(String message) {
        return new SimError(0, message);
    }

    static SimError badRequest(String message) {
        return new SimError(400, message);
    }

    int status() {
        return status;
    }

    SimError withDefaultStatus(int handlerStatus) {
        return status != 0 ? this : new SimError(handlerStatus, getMessage());
    }
}
