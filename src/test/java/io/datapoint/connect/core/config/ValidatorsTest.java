package io.datapoint.connect.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    private final ConfigDef.Validator url = Validators.httpUrl();

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:1324", "https://heedy.example.com", "https://x.example.com/sub/path/",
        "HTTP://LOCALHOST", "  http://127.0.0.1:8080  ", "http://[::1]:80", "http://heedy_server:1324"})
    void httpUrlAcceptsAbsoluteHttpUrls(String value) {
        assertDoesNotThrow(() -> url.ensureValid("x.url", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost:1324", "heedy.example.com", "ftp://files.example.com", "http://",
        "http://exa mple.com", "file:///etc/passwd", "mailto:someone@example.com", "http://host:99999",
        "ws://host:1324"})
    void httpUrlRejectsEverythingElse(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> url.ensureValid("x.url", value));
        assertTrue(e.getMessage().contains("x.url"), e.getMessage());
        assertTrue(e.getMessage().contains("http:// or https://"), e.getMessage());
    }

    @Test
    void httpUrlLeavesAMissingValueToTheRequiredCheck() {
        assertDoesNotThrow(() -> url.ensureValid("x.url", null));
        assertEquals("an http:// or https:// URL", url.toString());
    }

    @Test
    void nonEmptyPasswordRejectsBlankWithoutEchoingIt() {
        ConfigDef.Validator v = Validators.nonEmptyPassword();

        assertDoesNotThrow(() -> v.ensureValid("x.token", new Password("s3cret")));
        assertDoesNotThrow(() -> v.ensureValid("x.token", null));
        ConfigException e = assertThrows(ConfigException.class, () -> v.ensureValid("x.token", new Password("   ")));
        assertTrue(e.getMessage().contains("[hidden]"), e.getMessage());
        assertTrue(e.getMessage().contains("Must not be empty"), e.getMessage());
    }

    @Test
    void nonEmptyPasswordWorksThroughConfigDef() {
        ConfigDef def = new ConfigDef().define("x.token", ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE,
            Validators.nonEmptyPassword(), ConfigDef.Importance.HIGH, "The token.");

        assertEquals(new Password("s3cret"), def.parse(Map.of("x.token", "s3cret")).get("x.token"));
        ConfigException e = assertThrows(ConfigException.class, () -> def.parse(Map.of("x.token", " ")));
        assertTrue(e.getMessage().contains("Must not be empty"), e.getMessage());
        ConfigValue validated = def.validate(Map.of("x.token", "")).get(0);
        assertEquals(1, validated.errorMessages().size(), validated.toString());
    }

    @Test
    void fieldAndNoErrorsReadTheValidationResult() {
        ConfigValue a = new ConfigValue("a");
        ConfigValue b = new ConfigValue("b");
        b.addErrorMessage("broken");
        Config config = new Config(List.of(a, b));

        assertEquals(a, Validators.field(config, "a"));
        assertNull(Validators.field(config, "missing"));
        assertTrue(Validators.noErrors(config, "a", "missing"));
        assertFalse(Validators.noErrors(config, "a", "b"));
    }

    @Test
    void nonNullDropsNullValues() {
        Map<String, String> props = new HashMap<>();
        props.put("a", "1");
        props.put("b", null);

        assertEquals(Map.of("a", "1"), Validators.nonNull(props));
    }
}
