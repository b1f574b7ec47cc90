package io.datapoint.connect.connectordb.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Faults armed for the next N matching requests. Rules apply in the order they were armed; each matching request
 * consumes one use of the first rule that matches it.
 */
final class FaultPlan {

    enum Kind { FAIL, DELAY, RESET, STORE_THEN_DROP, TRUNCATE }

    /**
     * One armed fault; {@code status}/{@code retryAfter} for FAIL, {@code delay} for DELAY; {@code method} null
     * matches any HTTP method.
     */
    record Fault(Kind kind, int status, String retryAfter, Duration delay, String pathPrefix, String method) {
        Fault(Kind kind, int status, String retryAfter, Duration delay, String pathPrefix) {
            this(kind, status, retryAfter, delay, pathPrefix, null);
        }

        boolean matches(String requestMethod, String path) {
            if (method != null && !method.equalsIgnoreCase(requestMethod)) {
                return false;
            }
            if (pathPrefix == null) {
                return true;
            }
            if (path.startsWith(pathPrefix)) {
                return true;
            }
            // Convenience: "u/d/s" matches /api/v1/crud/u/d/s...
            return !pathPrefix.startsWith("/") && path.startsWith("/api/v1/crud/" + pathPrefix);
        }
    }

    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Armed> armed = new ArrayList<>();

    synchronized void arm(int times, Fault fault) {
        if (times > 0) {
            armed.add(new Armed(fault, times));
        }
    }

    /** Consumes and returns the fault for a {@code method} request to {@code path}, or null. */
    synchronized Fault take(String method, String path) {
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            if (a.fault.matches(method, path)) {
                if (--a.remaining == 0) {
                    it.remove();
                }
                return a.fault;
            }
        }
        return null;
    }

    /** How many armed uses no request has consumed yet. */
    synchronized int pending() {
        return armed.stream().mapToInt(a -> a.remaining).sum();
    }

    synchronized void clear() {
        armed.clear();
    }
}
