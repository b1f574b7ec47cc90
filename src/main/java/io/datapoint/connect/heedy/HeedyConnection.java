package io.datapoint.connect.heedy;

import io.datapoint.connect.core.config.ConnectivityCheck;
import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.BearerTokenAuth;
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

/** The connection settings both heedy connectors share, and the client they build from them. */
final class HeedyConnection {

    static final String GROUP = "Connection";
    static final String URL = "heedy.url";
    static final String TOKEN = "heedy.token";

    private HeedyConnection() {
    }

    /** Adds the connection group and the HTTP group. */
    static ConfigDef define(ConfigDef def) {
        def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(), Importance.HIGH,
                "The heedy server's base URL, e.g. http://localhost:1324 (a sub-path prefix is kept).",
                GROUP, 1, Width.LONG, "heedy URL")
            .define(TOKEN, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Validators.nonEmptyPassword(), Importance.HIGH,
                "The access token of a heedy app (sent as Authorization: Bearer). The source needs read access to"
                    + " the objects (e.g. scope objects:read or self.objects), the sink write access (objects:write,"
                    + " or self.objects to create objects by key). Keep it out of the connector JSON with a config"
                    + " provider, e.g. ${env:HEEDY_TOKEN}.",
                GROUP, 2, Width.LONG, "App token");
        return HttpConfig.define(def);
    }

    /** A transport for a task: the configured HTTP settings with the app token. */
    static HttpTransport transport(AbstractConfig config, HttpObserver observer) {
        return transport(HttpConfig.settings(config), config.getPassword(TOKEN), observer);
    }

    private static HttpTransport transport(HttpSettings settings, Password token, HttpObserver observer) {
        return new HttpTransport(settings, List.of(new BearerTokenAuth(token)), observer);
    }

    /** Checks the URL and token by asking heedy who the app is; errors go on the field to fix. */
    static Config check(Config config, Map<String, String> props) {
        String url = props.get(URL);
        String token = props.get(TOKEN);
        if (url == null || token == null) {
            return config;
        }
        return ConnectivityCheck.run(config, "heedy", URL, TOKEN, () -> {
            try (HttpTransport t = transport(HttpConfig.probeSettings(props), new Password(token), HttpObserver.NONE)) {
                new HeedyClient(url, t).self();
            }
        });
    }
}
