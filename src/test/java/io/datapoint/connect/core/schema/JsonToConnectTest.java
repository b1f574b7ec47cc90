package io.datapoint.connect.core.schema;

import static io.datapoint.connect.core.schema.JsonSchemaMapperTest.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class JsonToConnectTest {

    private static final String POINT_SCHEMA =
            "{'type':'object','properties':{"
                    + "'pos':{'type':'object','properties':{'lat':{'type':'number'},'lon':{'type':'number'}}},"
                    + "'bad-field':{'type':'integer'},'label':{'type':['string','null']},'ok':{'type':'boolean'},"
                    + "'tags':{'type':'array','items':{'type':'string'}},"
                    + "'counts':{'type':'object','additionalProperties':{'type':'integer'}},"
                    + "'extra':{'type':'object'},'free':{}}}";

    private static Schema mapped(String jsonSchema) {
        return JsonSchemaMapper.toConnect(json(jsonSchema), "io.datapoint.test.Point")
                .orElseThrow();
    }

    private static DataException failure(String value, Schema schema) {
        return assertThrows(DataException.class, () -> JsonToConnect.convert(json(value), schema));
    }

    @Test
    void convertsANestedObjectToAStructUsingTheJsonNames() {
        Schema schema = mapped(POINT_SCHEMA);
        Struct struct =
                (Struct)
                        JsonToConnect.convert(
                                json(
                                        "{'pos':{'lat':1.5,'lon':-2},'bad-field':3,'label':'x',"
                                                + "'ok':true,'tags':['a','b'],'counts':{'x':1,'y':2},'extra':{'k':[1,2]},'free':'text'}"),
                                schema);
        struct.validate();
        Struct pos = struct.getStruct("pos");
        assertEquals(1.5, pos.getFloat64("lat"));
        assertEquals(-2.0, pos.getFloat64("lon"));
        assertEquals(3L, struct.getInt64("bad_field"));
        assertEquals("x", struct.getString("label"));
        assertEquals(true, struct.getBoolean("ok"));
        assertEquals(List.of("a", "b"), struct.getArray("tags"));
        assertEquals(Map.of("x", 1L, "y", 2L), struct.getMap("counts"));
        assertEquals("{\"k\":[1,2]}", struct.getString("extra"));
        assertEquals("\"text\"", struct.getString("free"), "JSON text keeps a string as JSON");
    }

    @Test
    void missingPropertiesBecomeNullAndExtraPropertiesAreIgnored() {
        Struct struct =
                (Struct)
                        JsonToConnect.convert(
                                json("{'ok':false,'unknown':1,'pos':{'lat':1}}"),
                                mapped(POINT_SCHEMA));
        assertEquals(false, struct.getBoolean("ok"));
        assertNull(struct.get("label"));
        assertNull(struct.get("tags"));
        assertNull(struct.getStruct("pos").get("lon"));
    }

    @Test
    void explicitNullsBecomeNull() {
        Struct struct =
                (Struct)
                        JsonToConnect.convert(
                                json("{'pos':null,'label':null,'free':null,'tags':['a',null]}"),
                                mapped(POINT_SCHEMA));
        assertNull(struct.get("pos"));
        assertNull(struct.get("label"));
        assertNull(struct.get("free"));
        assertEquals(Arrays.asList("a", null), struct.getArray("tags"));
        assertNull(JsonToConnect.convert(NullNode.getInstance(), mapped(POINT_SCHEMA)));
        assertNull(JsonToConnect.convert(null, mapped(POINT_SCHEMA)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "3|3",
                "3.0|3",
                "1.0e+06|1000000",
                "-2.50e1|-25",
                "9223372036854775807|9223372036854775807",
                "-9223372036854775808|-9223372036854775808",
                "0.0|0",
            })
    void integersAcceptIntegralNumbersInAnyNotation(String jsonNumber, long expected) {
        assertEquals(
                expected,
                JsonToConnect.convert(json(jsonNumber), SchemaBuilder.int64().optional().build()));
    }

    @Test
    void fractionalNumbersAreNotIntegers() {
        DataException e = failure("{'bad-field':3.5}", mapped(POINT_SCHEMA));
        assertEquals(
                "expected an integer at $[\"bad-field\"] but found number 3.5", e.getMessage());
    }

    @Test
    void integersOutsideLongRangeAreRejected() {
        Schema int64 = Schema.INT64_SCHEMA;
        assertEquals(
                "expected an integer at $ but found number 9223372036854775808 (out of range)",
                failure("9223372036854775808", int64).getMessage());
        assertEquals(
                "expected an integer at $ but found number 1.0E30 (out of range)",
                failure("1.0e30", int64).getMessage());
        assertEquals(
                "expected a 32-bit integer at $ but found number 2147483648 (out of range)",
                failure("2147483648", Schema.INT32_SCHEMA).getMessage());
        assertEquals((byte) -128, JsonToConnect.convert(json("-128"), Schema.INT8_SCHEMA));
        assertEquals((short) 300, JsonToConnect.convert(json("300.0"), Schema.INT16_SCHEMA));
        assertThrows(
                DataException.class, () -> JsonToConnect.convert(json("128"), Schema.INT8_SCHEMA));
    }

    @Test
    void errorMessagesNameThePathAndWhatWasExpectedAndFound() {
        Schema schema = mapped(POINT_SCHEMA);
        assertEquals(
                "expected a number at $.pos.lat but found string \"x\"",
                failure("{'pos':{'lat':'x'}}", schema).getMessage());
        assertEquals(
                "expected a string at $.tags[1] but found number 7",
                failure("{'tags':['a',7]}", schema).getMessage());
        assertEquals(
                "expected an integer at $.counts.y but found boolean true",
                failure("{'counts':{'x':1,'y':true}}", schema).getMessage());
        assertEquals(
                "expected an object at $.pos but found an array",
                failure("{'pos':[1,2]}", schema).getMessage());
        assertEquals(
                "expected a boolean at $.ok but found string \"yes\"",
                failure("{'ok':'yes'}", schema).getMessage());
        assertEquals(
                "expected an array at $.tags but found an object",
                failure("{'tags':{}}", schema).getMessage());
        assertEquals(
                "expected an object at $ but found number 5", failure("5", schema).getMessage());
    }

    @Test
    void longStringsAreShortenedInMessages() {
        String longText = "x".repeat(200);
        String message =
                failure("{'pos':{'lat':'" + longText + "'}}", mapped(POINT_SCHEMA)).getMessage();
        assertEquals(
                "expected a number at $.pos.lat but found string \"" + "x".repeat(59) + "...",
                message);
    }

    @Test
    void requiredFieldsMustBePresent() {
        Schema schema =
                SchemaBuilder.struct()
                        .name("R")
                        .field("id", Schema.INT64_SCHEMA)
                        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("level", SchemaBuilder.int32().defaultValue(5).build())
                        .build();
        assertEquals(
                "expected an integer at $.id but the property is missing",
                failure("{}", schema).getMessage());
        assertEquals(
                "expected an integer at $.id but found null",
                failure("{'id':null}", schema).getMessage());
        Struct struct = (Struct) JsonToConnect.convert(json("{'id':1}"), schema);
        assertEquals(
                5, struct.getInt32("level"), "a missing field with a default takes the default");
    }

    @Test
    void plainStringsAreNotCoercedFromOtherTypes() {
        assertEquals(
                "expected a string at $ but found number 1",
                failure("1", Schema.STRING_SCHEMA).getMessage());
        assertEquals(
                "expected a number at $ but found string \"1.5\"",
                failure("'1.5'", Schema.FLOAT64_SCHEMA).getMessage());
    }

    @Test
    void floatsAcceptAnyNumber() {
        assertEquals(2.0, JsonToConnect.convert(json("2"), Schema.FLOAT64_SCHEMA));
        assertEquals(1.5f, JsonToConnect.convert(json("1.5"), Schema.FLOAT32_SCHEMA));
        assertThrows(
                DataException.class,
                () -> JsonToConnect.convert(json("1e300"), Schema.FLOAT32_SCHEMA));
    }

    @Test
    void bytesComeFromBase64() {
        assertArrayEquals(
                new byte[] {1, 2, 3},
                (byte[]) JsonToConnect.convert(json("'AQID'"), Schema.BYTES_SCHEMA));
        assertEquals(
                "expected a base64 string at $ but found string \"not base64!\"",
                failure("'not base64!'", Schema.BYTES_SCHEMA).getMessage());
    }

    @Test
    void logicalTypesAreRead() {
        Schema timestamp = Timestamp.SCHEMA;
        assertEquals(
                new java.util.Date(1_700_000_000_123L),
                JsonToConnect.convert(json("1700000000123"), timestamp));
        assertEquals(
                new java.util.Date(1_700_000_000_000L),
                JsonToConnect.convert(json("1.7e12"), timestamp));
        assertEquals(
                new java.util.Date(1_700_000_000_123L),
                JsonToConnect.convert(json("'2023-11-14T22:13:20.123Z'"), timestamp));
        assertEquals(
                new java.util.Date(1_700_000_000_123L),
                JsonToConnect.convert(json("'2023-11-14T23:13:20.123+01:00'"), timestamp));
        assertEquals(
                new java.util.Date(19_675L * 86_400_000L),
                JsonToConnect.convert(json("'2023-11-14'"), Date.SCHEMA));
        assertEquals(
                new java.util.Date(3_723_004L),
                JsonToConnect.convert(json("'01:02:03.004'"), Time.SCHEMA));
        assertEquals(
                new BigDecimal("12.30"), JsonToConnect.convert(json("12.3"), Decimal.schema(2)));
        assertEquals(
                new BigDecimal("-0.05"), JsonToConnect.convert(json("'-0.05'"), Decimal.schema(2)));
        assertEquals(
                "expected a decimal number at $ but found number 1.234 (more than 2 decimal places)",
                failure("1.234", Decimal.schema(2)).getMessage());
        assertThrows(
                DataException.class, () -> JsonToConnect.convert(json("'yesterday'"), timestamp));
    }

    @Test
    void mapsWithNonStringKeysParseTheKeys() {
        Schema schema = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(1, "a");
        expected.put(20, "b");
        assertEquals(expected, JsonToConnect.convert(json("{'1':'a','20':'b'}"), schema));
        assertEquals(
                "expected a 32-bit integer at $.x but found string \"x\"",
                failure("{'x':'a'}", schema).getMessage());
    }

    @Test
    void jsonTextHoldsTheCompactSerializationOfAnyValue() {
        Schema text = JsonSchemaMapper.JSON_TEXT_SCHEMA;
        assertEquals(
                "{\"a\":[1,2.5,\"x\"],\"b\":null}",
                JsonToConnect.convert(json("{ 'a' : [1, 2.5, 'x'], 'b':null }"), text));
        assertEquals("42", JsonToConnect.convert(json("42"), text));
        assertEquals("true", JsonToConnect.convert(json("true"), text));
    }

    @Test
    void roundTripsThroughConnectToJson() {
        Schema schema = mapped(POINT_SCHEMA);
        JsonNode original =
                json(
                        "{'pos':{'lat':1.5,'lon':-2.25},'bad-field':3,'label':'x','ok':true,"
                                + "'tags':['a','b'],'counts':{'x':1,'y':2},'extra':{'k':[1,{'z':null}]},'free':['t',1]}");
        Object connect = JsonToConnect.convert(original, schema);
        // compared as text: the JSON a platform would see (IntNode vs LongNode differ only in Java)
        assertEquals(original.toString(), ConnectToJson.convert(connect, schema).toString());
        assertEquals(
                connect, JsonToConnect.convert(ConnectToJson.convert(connect, schema), schema));
    }
}
