package io.datapoint.connect.core.sink;

import io.datapoint.connect.core.config.SinkFormatConfig;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * What a sink does with a tombstone (a record with a null value), as {@link SinkFormatConfig#NULL_VALUES} says:
 * skip it, or refuse it so it goes to the errant record reporter.
 */
public final class Tombstones {

    private final boolean fail;

    /** @param fail whether a tombstone is refused (else skipped) */
    public Tombstones(boolean fail) {
        this.fail = fail;
    }

    /** From a config that defines {@code behavior.on.null.values}. */
    public static Tombstones from(AbstractConfig config) {
        return new Tombstones(SinkFormatConfig.FAIL.equals(config.getString(SinkFormatConfig.NULL_VALUES)));
    }

    /**
     * The outcome for a tombstone: skipped, or refused.
     *
     * @throws BadRecordException when tombstones are refused
     */
    public <P> RecordMapper.Mapped<P> map() throws BadRecordException {
        if (fail) {
            throw new BadRecordException("it is a tombstone (null value) and " + SinkFormatConfig.NULL_VALUES
                + "=fail");
        }
        return RecordMapper.Mapped.skip("tombstone (null value)");
    }
}
