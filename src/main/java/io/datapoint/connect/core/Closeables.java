package io.datapoint.connect.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a task's or connector's resources in order, so that one failing close does not leak the rest. */
public final class Closeables {

    private static final Logger log = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    /** Closes each non-null resource in the given order; failures are logged, not thrown. */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
