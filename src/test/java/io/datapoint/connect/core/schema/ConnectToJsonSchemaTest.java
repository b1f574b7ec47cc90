package io.datapoint.connect.core.schema;

import static io.datapoint.connect.core.schema.JsonSchemaMapperTest.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ConnectToJsonSchemaTest {

    private static final SchemaRegistry DRAFT_07 =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private static final Schema GEO =
            SchemaBuilder.struct()
                    .name("ns.Geo")
                    .optional()
                    .doc("where")
                    .field("lat", Schema.FLOAT64_SCHEMA)
                    .field("lon", Schema.FLOAT64_SCHEMA)
                    .field("alt", Schema.OPTIONAL_FLOAT32_SCHEMA)
                    .build();

    /** Every Connect type and logical type, optional and required, nested. */
    private static final Schema EVENT =
            SchemaBuilder.struct()
                    .name("ns.Event")
                    .doc("an event")
                    .field("id", Schema.INT64_SCHEMA)
                    .field("small", Schema.INT8_SCHEMA)
                    .field("medium", Schema.OPTIONAL_INT16_SCHEMA)
                    .field("count", Schema.OPTIONAL_INT32_SCHEMA)
                    .field("ratio", Schema.FLOAT32_SCHEMA)
                    .field("ok", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                    .field("name", Schema.STRING_SCHEMA)
                    .field(
                            "bad_name",
                            SchemaBuilder.string()
                                    .optional()
                                    .parameter(JsonSchemaMapper.JSON_NAME_PARAM, "bad-name")
                                    .build())
                    .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
                    .field("ts", Timestamp.SCHEMA)
                    .field("day", Date.builder().optional().build())
                    .field("at", Time.builder().optional().build())
                    .field("price", Decimal.builder(2).optional().build())
                    .field("geo", GEO)
                    .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
                    .field("points", SchemaBuilder.array(GEO).optional().build())
                    .field(
                            "counts",
                            SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA)
                                    .optional()
                                    .build())
                    .field("level", SchemaBuilder.int32().defaultValue(3).build())
                    .field("free", JsonSchemaMapper.JSON_TEXT_SCHEMA)
                    .build();

    private static List<Error> validate(JsonNode value, ObjectNode jsonSchema) {
        return DRAFT_07.getSchema(jsonSchema).validate(value);
    }

    private static Struct fullEvent() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", 1L);
        return new Struct(EVENT)
                .put("id", 42L)
                .put("small", (byte) -3)
                .put("medium", (short) 300)
                .put("count", 7)
                .put("ratio", 0.25f)
                .put("ok", true)
                .put("name", "n")
                .put("bad_name", "b")
                .put("blob", new byte[] {9, 8})
                .put("ts", new java.util.Date(1_700_000_000_123L))
                .put("day", new java.util.Date(19_675L * 86_400_000L))
                .put("at", new java.util.Date(3_723_004L))
                .put("price", new BigDecimal("9.99"))
                .put("geo", new Struct(GEO).put("lat", 1.0).put("lon", 2.0).put("alt", 3.5f))
                .put("tags", Arrays.asList("x", null))
                .put("points", List.of(new Struct(GEO).put("lat", 5.0).put("lon", 6.0)))
                .put("counts", counts)
                .put("free", "{\"anything\":[1,\"two\"]}");
    }

    @Test
    void mapsEveryConnectType() {
        ObjectNode schema = ConnectToJsonSchema.convert(EVENT);
        assertEquals(ConnectToJsonSchema.DRAFT_07, schema.get("$schema").asText());
        assertEquals("object", schema.get("type").asText());
        assertEquals("an event", schema.get("description").asText());
        JsonNode p = schema.get("properties");
        assertEquals(json("{'type':'integer'}"), p.get("id"));
        assertEquals(json("{'type':'integer'}"), p.get("small"));
        assertEquals(json("{'type':['integer','null']}"), p.get("medium"));
        assertEquals(json("{'type':'number'}"), p.get("ratio"));
        assertEquals(json("{'type':['boolean','null']}"), p.get("ok"));
        assertEquals(json("{'type':'string'}"), p.get("name"));
        assertEquals(json("{'type':['string','null'],'contentEncoding':'base64'}"), p.get("blob"));
        assertEquals(json("{'type':'integer'}"), p.get("ts"));
        assertEquals(json("{'type':['string','null'],'format':'date'}"), p.get("day"));
        assertEquals(json("{'type':['string','null']}"), p.get("at"));
        assertEquals(json("{'type':['number','null']}"), p.get("price"));
        assertEquals(
                json(
                        "{'type':['object','null'],'properties':{'lat':{'type':'number'},'lon':{'type':'number'},"
                                + "'alt':{'type':['number','null']}},'required':['lat','lon'],'description':'where'}"),
                p.get("geo"));
        assertEquals(json("{'type':'array','items':{'type':['string','null']}}"), p.get("tags"));
        assertEquals("object", p.get("points").get("items").get("type").get(0).asText());
        assertEquals(
                json("{'type':['object','null'],'additionalProperties':{'type':'integer'}}"),
                p.get("counts"));
        assertEquals(json("{'type':'integer','default':3}"), p.get("level"));
        assertEquals(json("{}"), p.get("free"), "JSON text may hold any JSON");
        assertTrue(p.has("bad-name"), "properties use the JSON name");
        assertFalse(p.has("bad_name"));
        assertFalse(schema.has("additionalProperties"), "structs stay open");
        assertEquals(
                json("['id','small','ratio','name','ts','tags','level']"), schema.get("required"));
    }

    @Test
    void aValueWrittenByConnectToJsonValidatesAgainstTheSchemaForTheSameConnectSchema() {
        JsonNode value = ConnectToJson.convert(fullEvent(), EVENT);
        List<Error> errors = validate(value, ConnectToJsonSchema.convert(EVENT));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aValueWithOnlyRequiredFieldsValidates() {
        Struct minimal =
                new Struct(EVENT)
                        .put("id", 1L)
                        .put("small", (byte) 0)
                        .put("ratio", 1f)
                        .put("name", "")
                        .put("ts", new java.util.Date(0))
                        .put("tags", List.of());
        List<Error> errors =
                validate(ConnectToJson.convert(minimal, EVENT), ConnectToJsonSchema.convert(EVENT));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theSchemaActuallyConstrains() {
        ObjectNode schema = ConnectToJsonSchema.convert(EVENT);
        ObjectNode value = (ObjectNode) ConnectToJson.convert(fullEvent(), EVENT);
        value.put("id", "not a number");
        value.remove("name");
        List<Error> errors = validate(value, schema);
        assertEquals(2, errors.size(), errors.toString());
    }

    @Test
    void mappedJsonSchemasSurviveTheRoundTrip() {
        // platform JSON Schema -> Connect -> JSON Schema: a value converted from JSON validates
        // against both
        JsonNode platform =
                json(
                        "{'type':'object','properties':{'bad-field':{'type':'integer'},"
                                + "'pos':{'type':'object','properties':{'lat':{'type':'number'}}},'tags':{'type':'array','items':"
                                + "{'type':'string'}},'m':{'type':'object','additionalProperties':{'type':'boolean'}},'free':{}}}");
        Schema connect = JsonSchemaMapper.toConnect(platform, "ns.Data").orElseThrow();
        JsonNode value =
                json(
                        "{'bad-field':3,'pos':{'lat':1.5},'tags':['a'],'m':{'x':true},'free':{'z':[1]}}");
        JsonNode written = ConnectToJson.convert(JsonToConnect.convert(value, connect), connect);
        ObjectNode regenerated = ConnectToJsonSchema.convert(connect);
        assertTrue(
                validate(written, regenerated).isEmpty(),
                validate(written, regenerated).toString());
        assertTrue(
                validate(written, (ObjectNode) platform).isEmpty(),
                validate(written, (ObjectNode) platform).toString());
        assertTrue(regenerated.get("properties").has("bad-field"));
    }

    @Test
    void primitiveTopLevelSchemas() {
        assertEquals(
                json("{'$schema':'" + ConnectToJsonSchema.DRAFT_07 + "','type':['number','null']}"),
                ConnectToJsonSchema.convert(Schema.OPTIONAL_FLOAT64_SCHEMA));
        assertEquals(
                json("{'$schema':'" + ConnectToJsonSchema.DRAFT_07 + "'}"),
                ConnectToJsonSchema.convert(null));
        assertTrue(
                validate(
                                ConnectToJson.convert(null, Schema.OPTIONAL_FLOAT64_SCHEMA),
                                ConnectToJsonSchema.convert(Schema.OPTIONAL_FLOAT64_SCHEMA))
                        .isEmpty());
        assertFalse(
                validate(json("'x'"), ConnectToJsonSchema.convert(Schema.OPTIONAL_FLOAT64_SCHEMA))
                        .isEmpty());
    }
}
