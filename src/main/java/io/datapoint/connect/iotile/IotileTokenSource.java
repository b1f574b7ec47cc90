package io.datapoint.connect.iotile;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.http.AccessToken;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.http.TokenSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.common.config.types.Password;

/**
 * IOTile JWTs for {@link io.datapoint.connect.core.http.RefreshingTokenAuth}: a login with e-mail and password, and
 * the JWT refresh endpoint before the token expires (IOTile refuses to refresh an expired token; then the
 * interceptor logs in again). Or a token given in the configuration, used as it is. Requests go through a transport
 * without the token interceptor.
 */
final class IotileTokenSource implements TokenSource {

    private final HttpTransport plain;
    private final String baseUrl;
    private final String email;
    private final Password password;
    private final Password givenToken;

    private IotileTokenSource(HttpTransport plain, String baseUrl, String email, Password password,
                              Password givenToken) {
        this.plain = plain;
        this.baseUrl = baseUrl;
        this.email = email;
        this.password = password;
        this.givenToken = givenToken;
    }

    /** Logs in with e-mail and password, and refreshes the JWT before it expires. */
    static IotileTokenSource login(HttpTransport plain, String baseUrl, String email, Password password) {
        return new IotileTokenSource(plain, baseUrl, email, password, null);
    }

    /** Always the configured token. */
    static IotileTokenSource given(Password token) {
        return new IotileTokenSource(null, null, null, null, token);
    }

    @Override
    public AccessToken obtain() throws IOException {
        if (givenToken != null) {
            return new AccessToken(givenToken, null, null);
        }
        return token(IotileClient.login(plain, baseUrl, email, password));
    }

    @Override
    public AccessToken refresh(AccessToken current) throws IOException {
        if (givenToken != null) {
            return current;
        }
        return token(IotileClient.refresh(plain, baseUrl, current.value().value()));
    }

    private static AccessToken token(String jwt) {
        return new AccessToken(new Password(jwt), expiry(jwt), null);
    }

    /** The {@code exp} claim of a JWT, or null when it cannot be read (the token is then used until a 401). */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode claims = IotileClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8));
            return claims.path("exp").isNumber() ? Instant.ofEpochSecond(claims.path("exp").asLong()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
