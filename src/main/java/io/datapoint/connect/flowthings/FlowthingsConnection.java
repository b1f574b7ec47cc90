package io.datapoint.connect.flowthings;

import io.datapoint.connect.core.config.ConnectivityCheck;
import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The connection settings both flowthings connectors share, and the transport and client they build from them. */
final class FlowthingsConnection {

    static final String GROUP = "Connection";
    static final String URL = "flowthings.url";
    static final String WS_URL = "flowthings.ws.url";
    static final String ACCOUNT = "flowthings.account";
    static final String TOKEN = "flowthings.token";
    static final String API_VERSION = "flowthings.api.version";

    private FlowthingsConnection() {
    }

    /** Adds the connection group and the HTTP group. */
    static ConfigDef define(ConfigDef def) {
        def.define(URL, Type.STRING, "https://api.flowthings.io", Validators.httpUrl(), Importance.HIGH,
                "The flowthings REST API's base URL, without version or account (they are added to each path),"
                    + " e.g. https://api.flowthings.io.", GROUP, 1, Width.LONG, "API URL")
            .define(ACCOUNT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "The flowthings account (user) name; REST paths are /v<version>/<account>/...",
                GROUP, 2, Width.MEDIUM, "Account")
            .define(TOKEN, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Validators.nonEmptyPassword(), Importance.HIGH,
                "The account's master token or a token object's tokenString, sent as X-Auth-Token. The source needs"
                    + " dropRead on the flows, the sink dropWrite. Keep it out of the connector JSON with a config"
                    + " provider, e.g. ${env:FLOWTHINGS_TOKEN}.", GROUP, 3, Width.LONG, "Token")
            .define(API_VERSION, Type.STRING, "4.0", ConfigDef.ValidString.in("4.0", "0.1"), Importance.MEDIUM,
                "The API version in REST paths: 4.0 (plain JSON elems) or 0.1 (the older API whose elems are typed;"
                    + " drops are read untyped with hints=0 and typed pushes are unwrapped).", GROUP, 4,
                Width.SHORT, "API version");
        return HttpConfig.define(def);
    }

    /** Adds the websocket host setting (source only). */
    static ConfigDef defineWebsocketUrl(ConfigDef def, String group, int order) {
        return def.define(WS_URL, Type.STRING, "https://ws.flowthings.io", Validators.httpUrl(), Importance.MEDIUM,
            "The flowthings websocket host's base URL (http or https): sessions are created with POST <url>/session"
                + " and the socket opened at <url>/session/<id>/ws, with ws:// or wss:// to match.", group, order, Width.LONG,
            "Websocket URL");
    }

    /** A transport for a task: the configured HTTP settings with the token header. */
    static HttpTransport transport(AbstractConfig config, HttpObserver observer) {
        return transport(HttpConfig.settings(config), config.getPassword(TOKEN), observer);
    }

    private static HttpTransport transport(HttpSettings settings, Password token, HttpObserver observer) {
        return new HttpTransport(settings, List.of(new TokenHeader(token)), observer);
    }

    /** The client for the configured API version, account and URLs. */
    static FlowthingsClient client(AbstractConfig config, HttpTransport transport, String wsUrl) {
        return new FlowthingsClient(config.getString(URL), wsUrl, config.getString(API_VERSION),
            config.getString(ACCOUNT).trim(), transport);
    }

    /** Checks the URL, account and token with a one-flow find; a refused credential goes on the token field. */
    static Config check(Config config, Map<String, String> props) {
        String url = props.getOrDefault(URL, "https://api.flowthings.io");
        String token = props.get(TOKEN);
        String account = props.get(ACCOUNT);
        if (token == null || account == null || account.isBlank()) {
            return config;
        }
        return ConnectivityCheck.run(config, "flowthings", URL, TOKEN, () -> {
            try (HttpTransport t = probeTransport(props)) {
                new FlowthingsClient(url, url, props.getOrDefault(API_VERSION, "4.0"), account.trim(), t)
                    .flows(null, 0, 1);
            }
        });
    }

    /** A quick, retry-free transport for validate() probes (with the configured trust store and proxy). */
    static HttpTransport probeTransport(Map<String, String> props) {
        return transport(HttpConfig.probeSettings(props), new Password(props.get(TOKEN)), HttpObserver.NONE);
    }

    /** Adds {@code X-Auth-Token} to every request; the account is in the path (and a header on /session). */
    static final class TokenHeader implements Interceptor {
        private final Password token;

        TokenHeader(Password token) {
            this.token = token;
        }

        @Override
        public okhttp3.Response intercept(Chain chain) throws java.io.IOException {
            return chain.proceed(chain.request().newBuilder().header("X-Auth-Token", token.value()).build());
        }

        @Override
        public String toString() {
            return "TokenHeader[hidden]";
        }
    }
}
