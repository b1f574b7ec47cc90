package io.datapoint.connect.core.config;

import io.datapoint.connect.core.sink.SinkEngineSettings;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The sink settings that say how the core sink engine batches and writes, the same for every platform, and the
 * {@link SinkEngineSettings} read from them. Each {@code define*} adds one key at the given place in a group; where
 * platforms differ (a byte limit the platform imposes, what a target is called) they pass it in.
 */
public final class SinkDeliveryConfig {

    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String WRITE_THREADS = "write.threads";
    public static final String MAX_PENDING_RECORDS = "max.pending.records";

    /** The plain documentation of {@link #BATCH_MAX_BYTES}. */
    public static final String BATCH_MAX_BYTES_DOC = "Most bytes (estimated) in one write.";

    private SinkDeliveryConfig() {
    }

    /** Defines {@link #BATCH_MAX_RECORDS}: 1 to 5000, default 1000. */
    public static ConfigDef defineBatchMaxRecords(ConfigDef def, String group, int order) {
        return def.define(BATCH_MAX_RECORDS, Type.INT, 1_000, Range.between(1, 5_000), Importance.LOW,
            "Most datapoints in one write.", group, order, Width.SHORT, "Batch size");
    }

    /**
     * Defines {@link #BATCH_MAX_BYTES}, default 4,000,000.
     *
     * @param range the accepted sizes, e.g. {@code Range.atLeast(1_024)}, or bounded by what the platform accepts
     */
    public static ConfigDef defineBatchMaxBytes(ConfigDef def, String group, int order, Range range, String doc) {
        return def.define(BATCH_MAX_BYTES, Type.LONG, 4_000_000L, range, Importance.LOW, doc, group, order,
            Width.SHORT, "Batch bytes");
    }

    /** Defines {@link #BATCH_LINGER_MS}: default 200. */
    public static ConfigDef defineBatchLinger(ConfigDef def, String group, int order) {
        return def.define(BATCH_LINGER_MS, Type.LONG, 200L, Range.atLeast(0), Importance.LOW,
            "How long a partly filled batch waits for more records.", group, order, Width.SHORT, "Linger (ms)");
    }

    /**
     * Defines {@link #WRITE_THREADS}: 1 to 64, default 2.
     *
     * @param targets what the platform calls a write target, plural (e.g. "streams")
     */
    public static ConfigDef defineWriteThreads(ConfigDef def, String group, int order, String targets) {
        return def.define(WRITE_THREADS, Type.INT, 2, Range.between(1, 64), Importance.LOW,
            "How many " + targets + " a task writes concurrently.", group, order, Width.SHORT, "Write threads");
    }

    /** Defines {@link #MAX_PENDING_RECORDS}: default 20,000. */
    public static ConfigDef defineMaxPendingRecords(ConfigDef def, String group, int order) {
        return def.define(MAX_PENDING_RECORDS, Type.INT, 20_000, Range.atLeast(1), Importance.LOW,
            "Most records a task holds that are not yet written; it waits for writes beyond it.",
            group, order, Width.SHORT, "Max pending records");
    }

    /** The sink engine's settings from a config that defines all of the keys above. */
    public static SinkEngineSettings engineSettings(AbstractConfig config) {
        return new SinkEngineSettings(config.getInt(BATCH_MAX_RECORDS), config.getLong(BATCH_MAX_BYTES),
            Duration.ofMillis(config.getLong(BATCH_LINGER_MS)), config.getInt(WRITE_THREADS),
            config.getInt(MAX_PENDING_RECORDS));
    }
}
