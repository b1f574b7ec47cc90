package io.datapoint.connect.core.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSizeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"null", "true", "0", "-2.2250738585072014E-308", "-9223372036854775808", "\"\"",
        "\"caf\u00e9 \u2603 \\\"quoted\\\" \\u0001\"", "[]", "{}", "[1,2.5,\"x\",null,[true]]",
        "{\"t\":1.6E9,\"d\":{\"hr\":72,\"tags\":[\"a\",\"\u00fc\"],\"note\":\"tab\\there\"}}",
        "12345678901234567890123456789"})
    void neverUnderestimatesTheCompactUtf8Size(String text) throws Exception {
        JsonNode node = JSON.readTree(text);
        int actual = JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
        int estimate = JsonSize.estimate(node);
        assertTrue(estimate >= actual, text + ": estimated " + estimate + " < " + actual);
        assertTrue(estimate <= 4 * actual + 24, text + ": estimated " + estimate + ", far above " + actual);
    }
}
