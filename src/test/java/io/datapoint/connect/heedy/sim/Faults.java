package io.datapoint.connect.heedy.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Pending fault rules; each applies to the next {@code n} requests whose path starts with its
 * prefix.
 */
final class Faults {
    enum Kind {
        FAIL,
        DELAY,
        RESET,
        STORE_THEN_DROP,
        TRUNCATE
    }

    /** One armed rule. {@code status}/{@code retryAfter} for FAIL, {@code delay} for DELAY. */
    static final class Rule {
        final Kind kind;
        final String pathPrefix;
        final int status;
        final String retryAfter;
        final Duration delay;
        int remaining;

        Rule(Kind kind, int n, String pathPrefix, int status, String retryAfter, Duration delay) {
            this.kind = kind;
            this.remaining = n;
            this.pathPrefix = pathPrefix;
            this.status = status;
            this.retryAfter = retryAfter;
            this.delay = delay;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    synchronized void add(Rule rule) {
        if (rule.remaining > 0) {
            rules.add(rule);
        }
    }

    /** How many armed uses no request has consumed yet. */
    synchronized int pending() {
        return rules.stream().mapToInt(r -> r.remaining).sum();
    }

    synchronized void clear() {
        rules.clear();
    }

    /**
     * Consumes and returns the first armed rule of one of {@code kinds} that matches {@code path},
     * or null.
     */
    synchronized Rule take(String path, Kind... kinds) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (!matchesKind(r.kind, kinds)
                    || (r.pathPrefix != null && !path.startsWith(r.pathPrefix))) {
                continue;
            }
            if (--r.remaining <= 0) {
                it.remove();
            }
            return r;
        }
        return null;
    }

    private static boolean matchesKind(Kind k, Kind[] kinds) {
        for (Kind want : kinds) {
            if (want == k) {
                return true;
            }
        }
        return false;
    }
}
