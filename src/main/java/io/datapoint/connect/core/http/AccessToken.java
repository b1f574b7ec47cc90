package io.datapoint.connect.core.http;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.config.types.Password;

/**
 * An access token from a login or an OAuth2 grant.
 *
 * @param value        the token sent on requests
 * @param expiresAt    when the server stops accepting it; null when the server did not say
 * @param refreshToken what obtains the next token without the credentials again; null when there is none
 */
public record AccessToken(Password value, Instant expiresAt, Password refreshToken) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
    }

    /** True when the token expires within {@code aheadSeconds} of {@code now} (never when its expiry is unknown). */
    public boolean expiresWithin(Instant now, long aheadSeconds) {
        return expiresAt != null && !now.plusSeconds(aheadSeconds).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[hidden, expiresAt=" + expiresAt + "]";
    }
}
