package io.datapoint.connect.core.sink;

/** A sink record that cannot be turned into a datapoint; the message says which field and what to do. */
public final class BadRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
