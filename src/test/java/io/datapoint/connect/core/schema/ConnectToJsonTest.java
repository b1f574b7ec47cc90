package io.datapoint.connect.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ConnectToJsonTest {

    private static String text(Object value, Schema schema) {
        return ConnectToJson.convert(value, schema).toString();
    }

    @Test
    void nullIsNullNode() {
        assertSame(NullNode.getInstance(), ConnectToJson.convert(null, null));
        assertSame(
                NullNode.getInstance(), ConnectToJson.convert(null, Schema.OPTIONAL_STRING_SCHEMA));
    }

    @Test
    void schemalessMapsListsAndPrimitives() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("s", "x");
        map.put("i", 3);
        map.put("l", 4L);
        map.put("d", 1.5);
        map.put("f", 2.5f);
        map.put("b", true);
        map.put("big", new BigInteger("123456789012345678901234567890"));
        map.put("dec", new BigDecimal("1.25"));
        map.put("bytes", new byte[] {1, 2, 3});
        map.put("buf", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        map.put("list", Arrays.asList(1, "two", null, List.of(3)));
        map.put("nested", Map.of("k", "v"));
        map.put("nothing", null);
        map.put("when", new java.util.Date(1_700_000_000_123L));
        assertEquals(
                "{\"s\":\"x\",\"i\":3,\"l\":4,\"d\":1.5,\"f\":2.5,\"b\":true,"
                        + "\"big\":123456789012345678901234567890,\"dec\":1.25,\"bytes\":\"AQID\",\"buf\":\"AQID\","
                        + "\"list\":[1,\"two\",null,[3]],\"nested\":{\"k\":\"v\"},\"nothing\":null,\"when\":1700000000123}",
                text(map, null));
    }

    @Test
    void schemalessMapKeysThatAreNotStringsUseTheirTextForm() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1, "a");
        map.put(true, "b");
        map.put(2.5, "c");
        assertEquals("{\"1\":\"a\",\"true\":\"b\",\"2.5\":\"c\"}", text(map, null));
    }

    @Test
    void schemaMapKeysThatAreNotStringsUseTheirTextForm() {
        Schema schema = SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.FLOAT64_SCHEMA).build();
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(10L, 1.0);
        map.put(-2L, 2.0);
        assertEquals("{\"10\":1.0,\"-2\":2.0}", text(map, schema));
    }

    @Test
    void structsUseJsonNamesSkipNullFieldsAndKeepSchemaOrder() {
        Schema inner =
                SchemaBuilder.struct()
                        .name("ns.Pos")
                        .optional()
                        .field("lat", Schema.OPTIONAL_FLOAT64_SCHEMA)
                        .field("lon", Schema.OPTIONAL_FLOAT64_SCHEMA)
                        .build();
        Schema schema =
                SchemaBuilder.struct()
                        .name("ns.Point")
                        .field(
                                "bad_field",
                                SchemaBuilder.int64()
                                        .optional()
                                        .parameter(JsonSchemaMapper.JSON_NAME_PARAM, "bad-field")
                                        .build())
                        .field("pos", inner)
                        .field("label", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                        .build();
        Struct struct =
                new Struct(schema)
                        .put("bad_field", 7L)
                        .put("pos", new Struct(inner).put("lat", 1.5))
                        .put("tags", List.of("a"));
        assertEquals(
                "{\"bad-field\":7,\"pos\":{\"lat\":1.5},\"tags\":[\"a\"]}", text(struct, schema));
        assertEquals(
                "{\"bad-field\":7,\"pos\":{\"lat\":1.5},\"tags\":[\"a\"]}",
                text(struct, null),
                "schemaless conversion of a Struct uses the Struct's own schema");
    }

    @Test
    void structFieldDefaultsAreWritten() {
        Schema schema =
                SchemaBuilder.struct()
                        .field("level", SchemaBuilder.int32().defaultValue(5).build())
                        .build();
        assertEquals("{\"level\":5}", text(new Struct(schema), schema));
    }

    @Test
    void jsonTextStringsAreParsedBackIntoJson() {
        Schema text = JsonSchemaMapper.JSON_TEXT_SCHEMA;
        assertEquals("{\"a\":[1,2]}", text("{\"a\":[1,2]}", text));
        assertEquals("\"plain\"", text("\"plain\"", text));
        assertEquals(
                "\"not json\"", text("not json", text), "text that is not JSON stays a string");
        assertEquals("\"12 apples\"", text("12 apples", text), "trailing garbage is not JSON");
        assertEquals(
                "\"{\\\"a\\\":1}\"",
                text("{\"a\":1}", Schema.STRING_SCHEMA),
                "a plain string stays a string");
    }

    @Test
    void logicalTypes() {
        assertEquals(
                "1700000000123", text(new java.util.Date(1_700_000_000_123L), Timestamp.SCHEMA));
        assertEquals(
                "\"2023-11-14\"", text(new java.util.Date(19_675L * 86_400_000L), Date.SCHEMA));
        assertEquals("\"01:02:03.004\"", text(new java.util.Date(3_723_004L), Time.SCHEMA));
        assertEquals("12.30", text(new BigDecimal("12.30"), Decimal.schema(2)));
        JsonNode decimal = ConnectToJson.convert(new BigDecimal("12.30"), Decimal.schema(2));
        assertTrue(decimal.isNumber());
    }

    @Test
    void bytesBecomeBase64() {
        assertEquals("\"AQID\"", text(new byte[] {1, 2, 3}, Schema.BYTES_SCHEMA));
        assertEquals("\"AQID\"", text(ByteBuffer.wrap(new byte[] {1, 2, 3}), Schema.BYTES_SCHEMA));
    }

    @Test
    void integerTypesAndFloats() {
        assertEquals("[1,2,3,4]", text(List.of((byte) 1, (short) 2, 3, 4L), null));
        assertEquals("5", text((byte) 5, Schema.INT8_SCHEMA));
        assertEquals("9223372036854775807", text(Long.MAX_VALUE, Schema.INT64_SCHEMA));
        assertEquals("0.5", text(0.5f, Schema.FLOAT32_SCHEMA));
    }

    @Test
    void nonFiniteNumbersAndWrongTypesAreRejectedWithThePath() {
        Schema schema =
                SchemaBuilder.struct()
                        .field("x", SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build())
                        .build();
        Struct struct = new Struct(schema).put("x", List.of(1.0, Double.NaN));
        DataException e =
                assertThrows(DataException.class, () -> ConnectToJson.convert(struct, schema));
        assertEquals("cannot write NaN at $.x[1]: JSON numbers must be finite", e.getMessage());
        DataException wrong =
                assertThrows(
                        DataException.class, () -> ConnectToJson.convert("x", Schema.INT64_SCHEMA));
        assertTrue(wrong.getMessage().contains("java.lang.String at $"), wrong.getMessage());
        assertThrows(DataException.class, () -> ConnectToJson.convert(new Object(), null));
    }
}
