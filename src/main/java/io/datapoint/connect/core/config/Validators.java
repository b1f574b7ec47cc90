package io.datapoint.connect.core.config;

import java.util.Map;
import okhttp3.HttpUrl;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/** Validators and helpers shared by the connector configurations. */
public final class Validators {

    private Validators() {
    }

    /**
     * Accepts an absolute http(s) URL with a host, judged by the same parser the HTTP client uses, so that what passes
     * here can be connected to (java.net.URI would pass port 99999 and refuse host names with '_').
     */
    public static ConfigDef.Validator httpUrl() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                try {
                    HttpUrl.get(value.toString().trim());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, "Must be an absolute http:// or https:// URL with a host,"
                        + " e.g. https://server.example.com:8443 (" + e.getMessage() + ")");
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
                // ConfigDef validates the parsed value, a Password, whose toString() is always "[hidden]"
                String secret = value instanceof Password p ? p.value() : value == null ? null : value.toString();
                if (secret != null && secret.isBlank()) {
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

    /** Adds an error message to a field's validation result, when the config has that field. */
    public static void addError(Config config, String name, String message) {
        ConfigValue v = field(config, name);
        if (v != null) {
            v.addErrorMessage(message);
        }
    }

    /**
     * Runs a check across fields, which may add errors to {@code config}, only when the named fields have no error
     * yet. A check that throws a {@link RuntimeException} (the whole config does not parse) adds nothing: the
     * fields at fault already carry their errors.
     */
    public static void crossCheck(Config config, Runnable check, String... names) {
        if (!noErrors(config, names)) {
            return;
        }
        try {
            check.run();
        } catch (RuntimeException e) {
            // other fields are invalid; their errors are already reported
        }
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
