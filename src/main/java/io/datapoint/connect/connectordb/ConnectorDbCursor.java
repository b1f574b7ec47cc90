package io.datapoint.connect.connectordb;

/**
 * Where the next read of a ConnectorDB stream starts. Indices are dense and never change once written, so the next
 * index names the position exactly; the timestamp of the datapoint just before it is kept as a check: if that
 * datapoint is gone or has another timestamp, the stream was deleted and created again.
 *
 * @param next  the index of the next datapoint to read (0 for the beginning)
 * @param lastT the timestamp of the datapoint at {@code next - 1}; null when unknown (at the beginning, or an offset
 *              set by hand without it)
 */
public record ConnectorDbCursor(long next, Double lastT) {

    public ConnectorDbCursor {
        if (next < 0) {
            throw new IllegalArgumentException("the next index must not be negative but is " + next);
        }
    }

    /** Before the first datapoint. */
    public static ConnectorDbCursor beginning() {
        return new ConnectorDbCursor(0, null);
    }

    /** Just after the datapoint at {@code index}, whose timestamp is {@code t}. */
    public static ConnectorDbCursor after(long index, double t) {
        return new ConnectorDbCursor(index + 1, t);
    }

    /** True when the datapoint before the cursor can be checked. */
    boolean checkable() {
        return next > 0 && lastT != null;
    }
}
