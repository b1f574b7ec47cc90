package io.datapoint.connect.heedy.sim;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A heedy app: the holder of an access token, with heedy's app scope rules ({@code x} covers {@code
 * x:y}).
 */
final class SimApp {
    final String id;
    final String owner;
    final String token;
    final Set<String> scopes;
    final LocalDate created = LocalDate.now(java.time.ZoneOffset.UTC);
    volatile boolean enabled = true;

    SimApp(String id, String owner, String token, String scopes) {
        this.id = id;
        this.owner = owner;
        this.token = token;
        this.scopes = new LinkedHashSet<>(Arrays.asList(scopes.trim().split("\\s+")));
    }

    /** heedy's AppScopeArray.HasScope: exact, {@code *}, or the parent scope before the colon. */
    boolean hasScope(String scope) {
        if (scopes.contains("*") || scopes.contains(scope)) {
            return true;
        }
        int colon = scope.indexOf(':');
        return colon > 0 && scopes.contains(scope.substring(0, colon));
    }

    String scopeString() {
        return String.join(" ", scopes);
    }
}
