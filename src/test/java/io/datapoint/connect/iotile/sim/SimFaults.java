package io.datapoint.connect.iotile.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Armed faults; each applies to the next {@code n} requests with its method (any when null) and path prefix. */
final class SimFaults {

    enum Kind { FAIL, STORE_THEN_DROP, DELAY, RESET, TRUNCATE }

    static final class Rule {
        final Kind kind;
        final String method;
        final String pathPrefix;
        final int status;
        final String retryAfter;
        final Duration delay;
        int remaining;

        Rule(Kind kind, int n, String method, String pathPrefix, int status, String retryAfter, Duration delay) {
            this.kind = kind;
            this.remaining = n;
            this.method = method;
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

    synchronized Rule take(String method, String path, Kind... kinds) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            boolean kindMatches = false;
            for (Kind k : kinds) {
                kindMatches |= k == r.kind;
            }
            if (!kindMatches || r.method != null && !r.method.equals(method)
                || r.pathPrefix != null && !path.startsWith(r.pathPrefix)) {
                continue;
            }
            if (--r.remaining <= 0) {
                it.remove();
            }
            return r;
        }
        return null;
    }
}
