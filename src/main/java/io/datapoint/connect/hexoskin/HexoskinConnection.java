package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.config.ConnectivityCheck;
import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.BasicAuth;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.http.RefreshingTokenAuth;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The connection settings both Hexoskin connectors share, and the transport they build from them. Two ways to
 * authenticate: {@code signature} (an API key and secret sign every request, with the user's e-mail and password as
 * HTTP Basic auth) or {@code oauth2} (an OAuth2 client with a password grant or a refresh token; the access token is
 * refreshed before it expires and renewed on a 401).
 */
final class HexoskinConnection {

    static final String GROUP = "Connection";
    static final String URL = "hexoskin.url";
    static final String AUTH = "hexoskin.auth";
    static final String API_KEY = "hexoskin.api.key";
    static final String API_SECRET = "hexoskin.api.secret";
    static final String USERNAME = "hexoskin.username";
    static final String PASSWORD = "hexoskin.password";
    static final String CLIENT_ID = "hexoskin.oauth2.client.id";
    static final String CLIENT_SECRET = "hexoskin.oauth2.client.secret";
    static final String REFRESH_TOKEN = "hexoskin.oauth2.refresh.token";
    static final String TOKEN_REFRESH_AHEAD_MS = "hexoskin.oauth2.refresh.ahead.ms";
    static final String TICKS_PER_SECOND = "hexoskin.ticks.per.second";

    static final String SIGNATURE = "signature";
    static final String OAUTH2 = "oauth2";

    private HexoskinConnection() {
    }

    /** Adds the connection group and the HTTP group. */
    static ConfigDef define(ConfigDef def) {
        int c = 0;
        def.define(URL, Type.STRING, "https://api.hexoskin.com", Validators.httpUrl(), Importance.HIGH,
                "The Hexoskin API's base URL (resources are under /api/).", GROUP, ++c, Width.LONG, "Hexoskin URL")
            .define(AUTH, Type.STRING, SIGNATURE, ConfigDef.ValidString.in(SIGNATURE, OAUTH2), Importance.HIGH,
                "signature: sign every request with hexoskin.api.key and hexoskin.api.secret and log in as"
                    + " hexoskin.username with hexoskin.password. oauth2: an OAuth2 access token from"
                    + " hexoskin.oauth2.client.id and hexoskin.oauth2.client.secret, by a password grant"
                    + " (hexoskin.username, hexoskin.password) or from hexoskin.oauth2.refresh.token.",
                GROUP, ++c, Width.SHORT, "Authentication")
            .define(API_KEY, Type.STRING, null, Importance.HIGH,
                "The public API key (signature authentication).", GROUP, ++c, Width.MEDIUM, "API key")
            .define(API_SECRET, Type.PASSWORD, null, Importance.HIGH,
                "The API secret that signs requests (signature authentication). Keep it out of the connector JSON"
                    + " with a config provider, e.g. ${env:HEXOSKIN_API_SECRET}.", GROUP, ++c, Width.MEDIUM,
                "API secret")
            .define(USERNAME, Type.STRING, null, Importance.HIGH,
                "The user's e-mail: HTTP Basic login with signature authentication, the password grant with"
                    + " oauth2.", GROUP, ++c, Width.MEDIUM, "User e-mail")
            .define(PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                "The user's password.", GROUP, ++c, Width.MEDIUM, "User password")
            .define(CLIENT_ID, Type.STRING, null, Importance.MEDIUM,
                "The OAuth2 client id (oauth2 authentication).", GROUP, ++c, Width.MEDIUM, "OAuth2 client id")
            .define(CLIENT_SECRET, Type.PASSWORD, null, Importance.MEDIUM,
                "The OAuth2 client secret (oauth2 authentication).", GROUP, ++c, Width.MEDIUM, "OAuth2 client secret")
            .define(REFRESH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                "An OAuth2 refresh token to obtain access tokens with instead of the password grant (for example"
                    + " from an authorization-code flow done once by hand).", GROUP, ++c, Width.MEDIUM,
                "OAuth2 refresh token")
            .define(TOKEN_REFRESH_AHEAD_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                "How long before its expiry an OAuth2 access token is refreshed.", GROUP, ++c, Width.SHORT,
                "Token refresh ahead (ms)")
            .define(TICKS_PER_SECOND, Type.INT, 256, Range.atLeast(1), Importance.LOW,
                "Hexoskin timestamps count 1/256 s since the epoch on api.hexoskin.com; other deployments of the"
                    + " same stack may count milliseconds (1000).", GROUP, ++c, Width.SHORT, "Ticks per second");
        return HttpConfig.define(def);
    }

    /**
     * The transports of a task or connector: {@code api} for API calls with the configured authentication, and
     * with OAuth2 a second one, {@code tokens}, for the token endpoint (it must not pass through the bearer
     * interceptor). Closing closes both.
     */
    record Transports(HttpTransport api, HttpTransport tokens) implements AutoCloseable {
        @Override
        public void close() {
            io.datapoint.connect.core.Closeables.closeAll(api, tokens);
        }
    }

    /** Transports for a {@code validate()} probe: the submitted config's trust store and proxy, short timeouts. */
    static Transports probeTransport(Map<String, String> props) {
        return transport(HttpConfig.probeSettings(props), Creds.of(props), HttpObserver.NONE);
    }

    /** The transports built from the configured HTTP settings and authentication. */
    static Transports transport(AbstractConfig config, HttpObserver observer) {
        return transport(HttpConfig.settings(config), Creds.of(config), observer);
    }

    private static Transports transport(HttpSettings settings, Creds c, HttpObserver observer) {
        Interceptor auth;
        if (OAUTH2.equals(c.auth)) {
            HttpTransport tokens = new HttpTransport(settings, List.of(new BasicAuth(nz(c.clientId),
                pw(c.clientSecret))), observer);
            HexoskinTokenSource source = new HexoskinTokenSource(c.url, tokens, nz(c.user), pw(c.password),
                c.refreshToken, Clock.systemUTC());
            auth = new RefreshingTokenAuth(source, "Bearer", Duration.ofMillis(c.refreshAheadMs));
            return new Transports(new HttpTransport(settings, List.of(auth), observer), tokens);
        }
        auth = new HexoskinSigner(nz(c.apiKey), pw(c.apiSecret), nz(c.user), pw(c.password));
        return new Transports(new HttpTransport(settings, List.of(auth), observer), null);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Password pw(Password p) {
        return p == null ? new Password("") : p;
    }

    /** The configured credentials. */
    private record Creds(String url, String auth, String apiKey, Password apiSecret, String user, Password password,
                         String clientId, Password clientSecret, Password refreshToken, long refreshAheadMs) {

        static Creds of(AbstractConfig c) {
            return new Creds(c.getString(URL), c.getString(AUTH), c.getString(API_KEY), c.getPassword(API_SECRET),
                c.getString(USERNAME), c.getPassword(PASSWORD), c.getString(CLIENT_ID), c.getPassword(CLIENT_SECRET),
                c.getPassword(REFRESH_TOKEN), c.getLong(TOKEN_REFRESH_AHEAD_MS));
        }

        static Creds of(Map<String, String> p) {
            return new Creds(p.getOrDefault(URL, "https://api.hexoskin.com"), p.getOrDefault(AUTH, SIGNATURE),
                blank(p.get(API_KEY)), pwOrNull(p.get(API_SECRET)), blank(p.get(USERNAME)), pwOrNull(p.get(PASSWORD)),
                blank(p.get(CLIENT_ID)), pwOrNull(p.get(CLIENT_SECRET)), pwOrNull(p.get(REFRESH_TOKEN)), 60_000L);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Password pwOrNull(String s) {
        return s == null || s.isBlank() ? null : new Password(s);
    }

    /**
     * Checks that the chosen authentication has its settings, then the URL and credentials by asking Hexoskin for the
     * account; a refused credential goes on the field to fix: the key and secret when the signature failed, the
     * password when the login failed, the client secret or the grant when the token endpoint refused.
     */
    static Config check(Config config, Map<String, String> props) {
        Creds c = Creds.of(props);
        boolean oauth = OAUTH2.equals(c.auth);
        boolean ok = true;
        if (oauth) {
            ok &= require(config, CLIENT_ID, c.clientId != null, "oauth2 needs the OAuth2 client id");
            ok &= require(config, CLIENT_SECRET, c.clientSecret != null, "oauth2 needs the OAuth2 client secret");
            if (c.refreshToken == null) {
                ok &= require(config, USERNAME, c.user != null, "oauth2 needs hexoskin.oauth2.refresh.token, or"
                    + " hexoskin.username and hexoskin.password for a password grant");
                ok &= require(config, PASSWORD, c.password != null, "the password grant needs the user's password");
            }
        } else {
            ok &= require(config, API_KEY, c.apiKey != null, "signature authentication needs the API key");
            ok &= require(config, API_SECRET, c.apiSecret != null, "signature authentication needs the API secret");
            ok &= require(config, USERNAME, c.user != null, "signature authentication needs the user's e-mail");
            ok &= require(config, PASSWORD, c.password != null, "signature authentication needs the user's password");
        }
        if (!ok || !Validators.noErrors(config, URL)) {
            return config;
        }
        HttpSettings quick = HttpConfig.probeSettings(props);
        String credentialField = oauth ? CLIENT_SECRET : API_SECRET;
        return ConnectivityCheck.run(config, "Hexoskin", URL, credentialField, () -> {
            try (Transports t = transport(quick, c, HttpObserver.NONE)) {
                new HexoskinClient(c.url, t.api()).accountId();
            } catch (HttpStatusException e) {
                if (!onField(config, e, oauth)) {
                    throw e;
                }
            }
        });
    }

    /** Puts a refused credential on its field; false when the failure is not about credentials. */
    private static boolean onField(Config config, HttpStatusException e, boolean oauth) {
        String what = HexoskinClient.describe(e);
        if (oauth && e.url() != null && e.url().contains("/oauth2/token")) {
            if (what.contains("invalid_client")) {
                Validators.addError(config, CLIENT_SECRET, "Hexoskin refused the OAuth2 client (" + what
                    + "). Check hexoskin.oauth2.client.id and hexoskin.oauth2.client.secret.");
            } else {
                Validators.addError(config, PASSWORD, "Hexoskin refused the OAuth2 grant (" + what + "). Check"
                    + " hexoskin.username and hexoskin.password, or hexoskin.oauth2.refresh.token.");
            }
            return true;
        }
        if (e.status() != 401) {
            return false;
        }
        if (!oauth && what.toLowerCase(java.util.Locale.ROOT).contains("signature")) {
            String msg = "Hexoskin refused the request signature (" + what + "). Check hexoskin.api.key and"
                + " hexoskin.api.secret.";
            Validators.addError(config, API_KEY, msg);
            Validators.addError(config, API_SECRET, msg);
        } else {
            Validators.addError(config, PASSWORD, "Hexoskin refused the login (" + what + "). Check"
                + " hexoskin.username and hexoskin.password.");
        }
        return true;
    }

    private static boolean require(Config config, String field, boolean present, String message) {
        if (!present) {
            Validators.addError(config, field, message);
        }
        return present;
    }
}
