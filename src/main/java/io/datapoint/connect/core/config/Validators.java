package io.datapoint.connect.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/** Validators and helpers shared by the connector configurations. */
public final class Validators {

    private Validators() {
    }

    /** Accepts an absolute http(s) URL with a host. */
    public static ConfigDef.Validator httpUrl() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                String s = value.toString().trim();
                try {
                    URI uri = new URI(s);
                    String scheme = uri.getScheme();
                    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        || uri.getHost() == null) {
                        throw new ConfigException(name, value, "Must be an absolute http:// or https:// URL with a"
                            + " host, e.g. https://heedy.example.com");
                    }
                } catch (URISyntaxException e) {
                    throw new ConfigException(name, value, "Not a valid URL: " + e.getReason());
                }
            }

            @Override
            public String toString() {
                return "an http:// or https:// URL";
            }
        };
    }

    /**
     * A validator from a check that throws {@link IllegalArgumentException} with the reason, described in the
     * generated reference by {@code description}.
     */
    public static ConfigDef.Validator described(String description, java.util.function.Consumer<Object> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    check.accept(value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /** Rejects an empty or blank password. */
    public static ConfigDef.Validator nonEmptyPassword() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && value.toString().isBlank()) {
                    throw new ConfigException(name, "[hidden]", "Must not be empty");
                }
            }

            @Override
            public String toString() {
                return "non-empty secret";
            }
        };
    }

    /** The validation result for one field, or null when the config has no such field. */
    public static ConfigValue field(Config config, String name) {
        for (ConfigValue v : config.configValues()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** True when none of the named fields has an error yet. */
    public static boolean noErrors(Config config, String... names) {
        for (String name : names) {
            ConfigValue v = field(config, name);
            if (v != null && !v.errorMessages().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the raw connector config with null values dropped (Connect passes them in on validate). */
    public static Map<String, String> nonNull(Map<String, String> props) {
        Map<String, String> copy = new java.util.HashMap<>();
        props.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
