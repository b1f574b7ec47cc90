package io.datapoint.connect.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * A test stand-in for {@code EnvVarConfigProvider}: resolves {@code ${env:NAME}} from an in-memory map instead of
 * the process environment, so an embedded worker can run the very connector JSON a user would POST.
 *
 * <p>Maps are kept per scope (worker property {@code config.providers.env.param.scope}), one per
 * {@link ConnectCluster}, and are read at resolution time, so values put after the cluster started (e.g. a simulator's
 * URL) are seen. Registered through {@code META-INF/services/org.apache.kafka.common.config.provider.ConfigProvider}
 * because the workers use {@code plugin.discovery=service_load}.
 */
public final class MapConfigProvider implements ConfigProvider {

    /** Worker property suffix naming the scope: {@code config.providers.<alias>.param.scope}. */
    public static final String SCOPE_PARAM = "scope";

    private static final Map<String, Map<String, String>> SCOPES = new ConcurrentHashMap<>();

    private volatile Map<String, String> values = Map.of();

    /** The live map behind {@code scope}; put values in it before or after the worker starts. */
    public static Map<String, String> scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new ConcurrentHashMap<>());
    }

    /** Forgets a scope (when its cluster stops). */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object scope = configs.get(SCOPE_PARAM);
        if (scope == null) {
            throw new IllegalArgumentException("MapConfigProvider needs param '" + SCOPE_PARAM + "'");
        }
        values = scope(scope.toString());
    }

    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.copyOf(values));
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = values.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return new ConfigData(found);
    }

    @Override
    public void close() {
        // nothing held
    }
}
