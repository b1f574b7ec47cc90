package io.datapoint.connect.iotile;

import io.datapoint.connect.core.config.ConnectivityCheck;
import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.http.RefreshingTokenAuth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The connection settings both IOTile connectors share, and the transport they build from them: e-mail and password
 * (a JWT from {@code /api/v1/auth/login/}, refreshed before it expires and obtained again on a 401), or a given
 * token with its header scheme.
 */
final class IotileConnection {

    static final String GROUP = "Connection";
    static final String URL = "iotile.url";
    static final String EMAIL = "iotile.email";
    static final String PASSWORD = "iotile.password";
    static final String TOKEN = "iotile.token";
    static final String TOKEN_SCHEME = "iotile.token.scheme";
    static final String REFRESH_AHEAD_MS = "iotile.token.refresh.ahead.ms";

    private IotileConnection() {
    }

    /** A transport with its token interceptor and the plain transport the interceptor logs in through. */
    record Transports(HttpTransport api, HttpTransport plain) implements AutoCloseable {
        @Override
        public void close() {
            api.close();
            if (plain != null) {
                plain.close();
            }
        }
    }

    /** Adds the connection group and the HTTP group. */
    static ConfigDef define(ConfigDef def) {
        int c = 0;
        def.define(URL, Type.STRING, "https://iotile.cloud", Validators.httpUrl(), Importance.HIGH,
                "The IOTile Cloud server's base URL (the API is under /api/v1/).", GROUP, ++c, Width.LONG,
                "IOTile Cloud URL")
            .define(EMAIL, Type.STRING, null, Importance.HIGH,
                "The e-mail address to log in with. The connector logs in for a JWT, refreshes it before it expires"
                    + " and logs in again when it is refused. Set this and iotile.password, or iotile.token.",
                GROUP, ++c, Width.MEDIUM, "E-mail")
            .define(PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                "The password of iotile.email. Keep it out of the connector JSON with a config provider, e.g."
                    + " ${env:IOTILE_PASSWORD}.", GROUP, ++c, Width.MEDIUM, "Password")
            .define(TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                "A token to send instead of logging in: a JWT (which IOTile accepts for 7 days), a DRF token key"
                    + " (iotile.token.scheme=Token) or a device token (a-jwt). Not refreshed.",
                GROUP, ++c, Width.LONG, "Token")
            .define(TOKEN_SCHEME, Type.STRING, "JWT", ConfigDef.ValidString.in("JWT", "Token", "a-jwt"),
                Importance.LOW, "The Authorization scheme of iotile.token: JWT, Token (a DRF token key) or a-jwt (a"
                    + " device token).", GROUP, ++c, Width.SHORT, "Token scheme")
            .define(REFRESH_AHEAD_MS, Type.LONG, 86_400_000L, Range.atLeast(0), Importance.LOW,
                "How long before its expiry (IOTile JWTs live 7 days) the login token is refreshed, in ms.",
                GROUP, ++c, Width.SHORT, "Token refresh ahead (ms)");
        return HttpConfig.define(def);
    }

    /** The transports of a task or connector: the configured HTTP settings with the configured credential. */
    static Transports transports(AbstractConfig config, HttpObserver observer) {
        return transports(HttpConfig.settings(config), config.getString(URL), config.getString(EMAIL),
            config.getPassword(PASSWORD), config.getPassword(TOKEN), config.getString(TOKEN_SCHEME),
            Duration.ofMillis(config.getLong(REFRESH_AHEAD_MS)), observer);
    }

    private static Transports transports(HttpSettings settings, String url, String email, Password password,
                                         Password token, String scheme, Duration refreshAhead,
                                         HttpObserver observer) {
        if (token != null && !token.value().isBlank()) {
            RefreshingTokenAuth auth = new RefreshingTokenAuth(IotileTokenSource.given(token), scheme, Duration.ZERO);
            return new Transports(new HttpTransport(settings, List.of(auth), observer), null);
        }
        HttpTransport plain = new HttpTransport(settings, List.of(), observer);
        RefreshingTokenAuth auth = new RefreshingTokenAuth(IotileTokenSource.login(plain, url.trim(), email,
            password == null ? new Password("") : password), "JWT", refreshAhead);
        return new Transports(new HttpTransport(settings, List.of(auth), observer), plain);
    }

    /**
     * Checks that exactly one credential is configured, then the URL and credential by logging in (a wrong password
     * is reported on iotile.password) and asking for the account (a refused token on iotile.token).
     */
    static Config check(Config config, Map<String, String> props) {
        String url = props.getOrDefault(URL, "https://iotile.cloud");
        String email = blankToNull(props.get(EMAIL));
        String password = blankToNull(props.get(PASSWORD));
        String token = blankToNull(props.get(TOKEN));
        if (token != null && (email != null || password != null)) {
            Validators.addError(config, TOKEN, "Set either iotile.token or iotile.email and iotile.password, not"
                + " both");
            return config;
        }
        if (token == null && email == null && password == null) {
            Validators.addError(config, EMAIL, "Set iotile.email and iotile.password (or iotile.token)");
            return config;
        }
        if (token == null && (email == null || password == null)) {
            Validators.addError(config, email == null ? EMAIL : PASSWORD, "iotile.email and iotile.password go"
                + " together");
            return config;
        }
        HttpSettings quick = HttpConfig.probeSettings(props);
        String scheme = props.getOrDefault(TOKEN_SCHEME, "JWT");
        String[] loginRefused = new String[1];
        ConnectivityCheck.run(config, "IOTile Cloud", URL, token != null ? TOKEN : PASSWORD, () -> {
            try (Transports t = transports(quick, url, email, password == null ? null : new Password(password),
                token == null ? null : new Password(token), scheme, Duration.ofDays(1), HttpObserver.NONE)) {
                new IotileClient(url, t.api()).account();
            } catch (HttpStatusException e) {
                if (e.status() != 400 || !e.url().endsWith("/auth/login/")) {
                    throw e;
                }
                // the login form refused a field (e.g. an e-mail that is not one): say so on the e-mail field
                loginRefused[0] = IotileClient.describe(e);
            }
        });
        if (loginRefused[0] != null) {
            Validators.addError(config, EMAIL, "IOTile Cloud refused the login: " + loginRefused[0]
                + ". Check iotile.email (an e-mail address) and iotile.password.");
        }
        return config;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
