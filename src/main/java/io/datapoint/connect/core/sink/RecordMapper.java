package io.datapoint.connect.core.sink;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a sink record into a platform datapoint and the stream it belongs to. Implemented by each platform.
 *
 * @param <P> the platform's datapoint type
 */
@FunctionalInterface
public interface RecordMapper<P> {

    /**
     * @return the mapped datapoint, or {@link Mapped#skip(String)} for a record the configuration says to ignore
     * @throws BadRecordException when the record cannot be written (it goes to the errant record reporter)
     */
    Mapped<P> map(SinkRecord record) throws BadRecordException;

    /**
     * A mapping outcome.
     *
     * @param target     the target stream, as the writer understands it
     * @param point      the datapoint, null when skipped
     * @param bytes      an estimate of the datapoint's size on the wire, for byte-bounded batches
     * @param skipReason why the record is skipped, null when it is written
     */
    record Mapped<P>(String target, P point, int bytes, String skipReason) {

        public static <P> Mapped<P> of(String target, P point, int bytes) {
            return new Mapped<>(target, point, bytes, null);
        }

        public static <P> Mapped<P> skip(String reason) {
            return new Mapped<>(null, null, 0, reason);
        }

        public boolean skipped() {
            return skipReason != null;
        }
    }
}
