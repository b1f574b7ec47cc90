package io.datapoint.connect.heedy.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.util.List;

class GoJsonTest {
    @Test
    void floatsInTheGoGFormatUseExponentsFromE6() {
        assertEquals("1.5848122971e+09", GoJson.formatG(1584812297.1));
        assertEquals("1.234567e+06", GoJson.formatG(1234567));
        assertEquals("1e+06", GoJson.formatG(1_000_000));
        assertEquals("100000", GoJson.formatG(100_000));
        assertEquals("1.5", GoJson.formatG(1.5));
        assertEquals("0.0001", GoJson.formatG(0.0001));
        assertEquals("1e-05", GoJson.formatG(0.00001));
        assertEquals("-2.5e+10", GoJson.formatG(-2.5e10));
        assertEquals("0", GoJson.formatG(0));
        assertEquals("0.30000000000000004", GoJson.formatG(0.1 + 0.2));
        assertEquals("1e+21", GoJson.formatG(1e21));
        assertEquals("8.41e+21", GoJson.formatG(8.41e21)); // JDK 17 prints 8.409999999999999E21
        assertEquals("0.001", GoJson.formatG(0.001));
        assertEquals("123.456", GoJson.formatG(123.456));
    }

    @Test
    void encodingJsonFloatsStayDecimalBetween1eMinus6And1e21() {
        assertEquals("1234567", GoJson.formatEncodingJson(1234567));
        assertEquals("1584812297.1", GoJson.formatEncodingJson(1584812297.1));
        assertEquals("1e-7", GoJson.formatEncodingJson(1e-7));
        assertEquals("0.000001", GoJson.formatEncodingJson(1e-6));
        assertEquals("1e+21", GoJson.formatEncodingJson(1e21));
        assertEquals("5", GoJson.formatEncodingJson(5));
    }

    @Test
    void datapointsOmitZeroDurationAndSortObjectKeys() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String json =
                GoJson.datapointArray(
                        List.of(
                                new Datapoint(
                                        1584812297.1, 0, m.readTree("{\"b\":1,\"a\":\"<x>\"}")),
                                new Datapoint(1584812300, 60, m.readTree("2.5"))));
        assertEquals(
                "[{\"t\":1.5848122971e+09,\"d\":{\"a\":\"\\u003cx\\u003e\",\"b\":1}},"
                        + "{\"t\":1.5848123e+09,\"dt\":60,\"d\":2.5}]",
                json);
    }
}
