package io.datapoint.connect.connectordb;

import io.datapoint.connect.core.config.ConnectivityCheck;
import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.BasicAuth;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The connection settings both ConnectorDB connectors share, and the transport they build from them. ConnectorDB
 * takes HTTP Basic auth: a device API key with an empty user name (as the official clients send it), or a user name
 * and password, which act as the user's {@code <user>/user} device.
 */
final class ConnectorDbConnection {

    static final String GROUP = "Connection";
    static final String URL = "connectordb.url";
    static final String APIKEY = "connectordb.apikey";
    static final String USER = "connectordb.user";
    static final String PASSWORD = "connectordb.password";

    private ConnectorDbConnection() {
    }

    /** Adds the connection group and the HTTP group. */
    static ConfigDef define(ConfigDef def) {
        int c = 0;
        def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(), Importance.HIGH,
                "The ConnectorDB server's base URL, e.g. http://localhost:3124 (the API is under /api/v1).",
                GROUP, ++c, Width.LONG, "ConnectorDB URL")
            .define(APIKEY, Type.PASSWORD, null, Importance.HIGH,
                "A device API key, sent as HTTP Basic auth with an empty user name. The source needs read access"
                    + " to the streams: the user's 'user' device key, or a device with role reader or writer, to"
                    + " read other devices. The sink writes as this device: use the stream owner's key (or the"
                    + " user device's key to write commands into downlink streams). Set this or"
                    + " connectordb.user and connectordb.password. Keep it out of the connector JSON with a"
                    + " config provider, e.g. ${env:CONNECTORDB_APIKEY}.",
                GROUP, ++c, Width.LONG, "API key")
            .define(USER, Type.STRING, null, Importance.MEDIUM,
                "A user name (or email) to log in with instead of an API key; it acts as the <user>/user device.",
                GROUP, ++c, Width.MEDIUM, "User")
            .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                "The password of connectordb.user.", GROUP, ++c, Width.MEDIUM, "Password");
        return HttpConfig.define(def);
    }

    /** A transport for a task: the configured HTTP settings with the configured credential. */
    static HttpTransport transport(AbstractConfig config, HttpObserver observer) {
        return transport(HttpConfig.settings(config), config.getPassword(APIKEY), config.getString(USER),
            config.getPassword(PASSWORD), observer);
    }

    private static HttpTransport transport(HttpSettings settings, Password apikey, String user, Password password,
                                           HttpObserver observer) {
        BasicAuth auth = apikey != null && !apikey.value().isBlank()
            ? new BasicAuth("", apikey)
            : new BasicAuth(user == null ? "" : user, password == null ? new Password("") : password);
        return new HttpTransport(settings, List.of(auth), observer);
    }

    /**
     * Checks that exactly one credential is configured, then the URL and credential by asking ConnectorDB who the
     * caller is; errors go on the field to fix.
     */
    static Config check(Config config, Map<String, String> props) {
        String url = props.get(URL);
        String apikey = blankToNull(props.get(APIKEY));
        String user = blankToNull(props.get(USER));
        String password = blankToNull(props.get(PASSWORD));
        if (apikey != null && (user != null || password != null)) {
            Validators.addError(config, APIKEY, "Set either connectordb.apikey or connectordb.user and"
                + " connectordb.password, not both");
            return config;
        }
        if (apikey == null && user == null && password == null) {
            Validators.addError(config, APIKEY, "Set connectordb.apikey (a device API key), or connectordb.user and"
                + " connectordb.password");
            return config;
        }
        if (apikey == null && (user == null || password == null)) {
            Validators.addError(config, user == null ? USER : PASSWORD,
                "connectordb.user and connectordb.password go together");
            return config;
        }
        if (url == null) {
            return config;
        }
        String credentialField = apikey != null ? APIKEY : PASSWORD;
        return ConnectivityCheck.run(config, "ConnectorDB", URL, credentialField, () -> {
            try (HttpTransport t = transport(HttpConfig.probeSettings(props), apikey == null ? null : new Password(apikey), user,
                password == null ? null : new Password(password), HttpObserver.NONE)) {
                new ConnectorDbClient(url, t).whoami();
            }
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
