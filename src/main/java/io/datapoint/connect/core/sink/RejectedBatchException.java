package io.datapoint.connect.core.sink;

/**
 * The platform refused a batch because of its content (for example a datapoint that breaks the stream's schema).
 * Retrying the same batch cannot succeed; the engine bisects it to find the records to report.
 */
public final class RejectedBatchException extends Exception {

    private static final long serialVersionUID = 1L;

    public RejectedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
