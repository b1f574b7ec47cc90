package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.http.AccessToken;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.http.RetryMode;
import io.datapoint.connect.core.http.TokenSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.apache.kafka.common.config.types.Password;

/**
 * Hexoskin's OAuth2 token endpoint ({@code POST /api/connect/oauth2/token/}, HTTP Basic {@code client_id:
 * client_secret}, form body): a password grant with the user's e-mail and password, or a refresh-token grant with
 * the configured refresh token; later tokens come from the refresh token of the previous answer. The transport given
 * here carries the client's Basic auth and no bearer interceptor.
 */
final class HexoskinTokenSource implements TokenSource {

    static final String TOKEN_PATH = "api/connect/oauth2/token/";

    private final HttpUrl tokenUrl;
    private final HttpTransport transport;
    private final String user;
    private final Password password;
    private final Password refreshToken;
    private final Clock clock;

    /** Either {@code user} and {@code password} (password grant) or {@code refreshToken} is set. */
    HexoskinTokenSource(String baseUrl, HttpTransport transport, String user, Password password,
                        Password refreshToken, Clock clock) {
        String b = baseUrl.trim();
        this.tokenUrl = HttpUrl.get(b.endsWith("/") ? b : b + "/").resolve(TOKEN_PATH);
        this.transport = transport;
        this.user = user;
        this.password = password;
        this.refreshToken = refreshToken;
        this.clock = clock;
    }

    @Override
    public AccessToken obtain() throws IOException {
        if (refreshToken != null && !refreshToken.value().isBlank()) {
            return grant(new FormBody.Builder().add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken.value()).build());
        }
        return grant(new FormBody.Builder().add("grant_type", "password").add("username", user)
            .add("password", password.value()).build());
    }

    @Override
    public AccessToken refresh(AccessToken current) throws IOException {
        if (current.refreshToken() == null) {
            return obtain();
        }
        return grant(new FormBody.Builder().add("grant_type", "refresh_token")
            .add("refresh_token", current.refreshToken().value()).build());
    }

    private AccessToken grant(FormBody body) throws IOException {
        Request r = new Request.Builder().url(tokenUrl).header("Accept", "application/json").post(body).build();
        JsonNode t = HexoskinClient.JSON.readTree(transport.execute(r, RetryMode.NO_RETRY).body());
        String access = t.path("access_token").asText(null);
        if (access == null || access.isBlank()) {
            throw new IOException("Hexoskin's token endpoint answered without an access_token");
        }
        Instant expires = t.path("expires_in").isNumber()
            ? clock.instant().plusSeconds(t.path("expires_in").asLong()) : null;
        String refresh = t.path("refresh_token").asText(null);
        return new AccessToken(new Password(access), expires,
            refresh == null || refresh.isBlank() ? null : new Password(refresh));
    }

    @Override
    public String toString() {
        return "HexoskinTokenSource[" + tokenUrl + ", hidden]";
    }
}
