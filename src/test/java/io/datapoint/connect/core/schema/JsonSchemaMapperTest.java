package io.datapoint.connect.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

class JsonSchemaMapperTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NAME = "io.datapoint.connect.test.Data";

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Schema map(String jsonSchema) {
        return JsonSchemaMapper.toConnect(json(jsonSchema), NAME).orElseThrow();
    }

    private static Optional<Schema> tryMap(String jsonSchema) {
        return JsonSchemaMapper.toConnect(json(jsonSchema), NAME);
    }

    @Test
    void primitivesMapToOptionalConnectTypes() {
        assertPrimitive(Schema.Type.FLOAT64, map("{'type':'number'}"));
        assertPrimitive(Schema.Type.INT64, map("{'type':'integer'}"));
        assertPrimitive(Schema.Type.BOOLEAN, map("{'type':'boolean'}"));
        assertPrimitive(Schema.Type.STRING, map("{'type':'string'}"));
    }

    @Test
    void stringsOfAnyFormatAndStringEnumsAreStrings() {
        assertPrimitive(Schema.Type.STRING, map("{'type':'string','format':'date-time'}"));
        assertPrimitive(Schema.Type.STRING, map("{'type':'string','enum':['a','b']}"));
        assertPrimitive(Schema.Type.STRING, map("{'enum':['low','high']}"));
        assertPrimitive(Schema.Type.STRING, map("{'enum':['low',null]}"));
    }

    @Test
    void untypedEnumOfNonStringsDoesNotPinDownAType() {
        assertTrue(tryMap("{'enum':[1,2]}").isEmpty());
        assertTrue(tryMap("{'enum':['a',1]}").isEmpty());
    }

    @Test
    void nullableTypeArrayIsTheOptionalType() {
        assertPrimitive(Schema.Type.FLOAT64, map("{'type':['number','null']}"));
        assertPrimitive(Schema.Type.INT64, map("{'type':['null','integer']}"));
        assertPrimitive(Schema.Type.STRING, map("{'type':['string']}"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{'description':'anything'}",
                "{'type':['number','string']}",
                "{'type':'null'}",
                "{'type':'any'}",
                "{'type':7}",
                "{'$ref':'#/definitions/x','type':'object'}",
                "{'oneOf':[{'type':'number'},{'type':'string'}]}",
                "{'anyOf':[{'type':'number'},{'type':'string'}]}",
                "{'allOf':[{'type':'number'},{'minimum':0}]}",
                "{'type':'number','oneOf':[{'minimum':0},{'maximum':-5}]}",
                "true",
                "'text'",
            })
    void unusableTopLevelSchemasGiveEmpty(String jsonSchema) {
        assertTrue(tryMap(jsonSchema).isEmpty(), jsonSchema);
    }

    @Test
    void nullSchemaGivesEmpty() {
        assertTrue(JsonSchemaMapper.toConnect(null, NAME).isEmpty());
    }

    @Test
    void nullableCombinatorIdiomMapsLikeItsOneNonNullBranch() {
        assertPrimitive(Schema.Type.FLOAT64, map("{'anyOf':[{'type':'number'},{'type':'null'}]}"));
        assertPrimitive(Schema.Type.STRING, map("{'oneOf':[{'type':'null'},{'type':'string'}]}"));
        assertPrimitive(Schema.Type.BOOLEAN, map("{'allOf':[{'type':'boolean'}]}"));
        assertEquals(
                "outer",
                map("{'description':'outer','anyOf':[{'type':'number'},{'type':'null'}]}").doc());
    }

    @Test
    void objectWithPropertiesIsAStructOfOptionalFieldsInPropertyOrder() {
        Schema schema =
                map(
                        "{'type':'object','description':'a point','properties':{"
                                + "'lon':{'type':'number'},'lat':{'type':'number'},'label':{'type':'string'},'n':{'type':'integer'}},"
                                + "'required':['lat','lon']}");
        assertEquals(Schema.Type.STRUCT, schema.type());
        assertTrue(schema.isOptional());
        assertEquals(NAME, schema.name());
        assertEquals("a point", schema.doc());
        assertEquals(
                List.of("lon", "lat", "label", "n"),
                schema.fields().stream().map(Field::name).toList());
        for (Field field : schema.fields()) {
            assertTrue(field.schema().isOptional(), field.name());
        }
        assertEquals(Schema.Type.INT64, schema.field("n").schema().type());
    }

    @Test
    void fieldNamesAreMadeAvroValidAndKeepTheJsonName() {
        Schema schema =
                map(
                        "{'type':'object','properties':{"
                                + "'bad-field':{'type':'number'},'1st':{'type':'number'},'a.b':{'type':'number'},'héllo':{'type':'number'},"
                                + "'ok':{'type':'number'}}}");
        assertEquals(
                List.of("bad_field", "_1st", "a_b", "h_llo", "ok"),
                schema.fields().stream().map(Field::name).toList());
        assertEquals(
                "bad-field",
                schema.field("bad_field")
                        .schema()
                        .parameters()
                        .get(JsonSchemaMapper.JSON_NAME_PARAM));
        assertEquals("1st", JsonSchemaMapper.jsonName(schema.field("_1st")));
        assertEquals("héllo", JsonSchemaMapper.jsonName(schema.field("h_llo")));
        assertNull(
                schema.field("ok").schema().parameters(),
                "no parameter when the name is unchanged");
        assertEquals("ok", JsonSchemaMapper.jsonName(schema.field("ok")));
    }

    @Test
    void collisionsAfterSanitizingGetNumberedSuffixes() {
        Schema schema =
                map(
                        "{'type':'object','properties':{"
                                + "'a-b':{'type':'number'},'a.b':{'type':'string'},'a_b':{'type':'boolean'},'a b':{'type':'integer'}}}");
        assertEquals(
                List.of("a_b", "a_b_2", "a_b_3", "a_b_4"),
                schema.fields().stream().map(Field::name).toList());
        assertEquals("a-b", JsonSchemaMapper.jsonName(schema.field("a_b")));
        assertEquals("a.b", JsonSchemaMapper.jsonName(schema.field("a_b_2")));
        assertEquals("a_b", JsonSchemaMapper.jsonName(schema.field("a_b_3")));
        assertEquals(Schema.Type.BOOLEAN, schema.field("a_b_3").schema().type());
    }

    @Test
    void nestedObjectsAreNamedAfterTheirParentAndField() {
        Schema schema =
                map(
                        "{'type':'object','properties':{'pos':{'type':'object','properties':{"
                                + "'geo-fix':{'type':'object','properties':{'lat':{'type':'number'}}}}}}}");
        Schema pos = schema.field("pos").schema();
        assertEquals(NAME + "_pos", pos.name());
        assertEquals(NAME + "_pos_geo_fix", pos.field("geo_fix").schema().name());
    }

    @Test
    void nestedStructNamesAreUniqueWithinOneSchema() {
        // "a_b" (an object) and "a" -> "b" (an object) both want the name Data_a_b
        Schema schema =
                map(
                        "{'type':'object','properties':{"
                                + "'a_b':{'type':'object','properties':{'x':{'type':'number'}}},"
                                + "'a':{'type':'object','properties':{'b':{'type':'object','properties':{'y':{'type':'string'}}}}}}}");
        String first = schema.field("a_b").schema().name();
        String second = schema.field("a").schema().field("b").schema().name();
        assertEquals(NAME + "_a_b", first);
        assertEquals(NAME + "_a_b_2", second);
    }

    @Test
    void structNameIsSanitized() {
        Schema schema =
                JsonSchemaMapper.toConnect(
                                json("{'type':'object','properties':{'x':{'type':'number'}}}"),
                                "io.datapoint.my-stream.1st")
                        .orElseThrow();
        assertEquals("io.datapoint.my_stream._1st", schema.name());
    }

    @Test
    void nullStructNameLeavesStructsUnnamed() {
        Schema schema =
                JsonSchemaMapper.toConnect(
                                json(
                                        "{'type':'object','properties':{'x':{'type':'object',"
                                                + "'properties':{'y':{'type':'number'}}}}}"),
                                null)
                        .orElseThrow();
        assertNull(schema.name());
        assertNull(schema.field("x").schema().name());
    }

    @Test
    void objectWithOnlyAdditionalPropertiesIsAMap() {
        Schema schema = map("{'type':'object','additionalProperties':{'type':'integer'}}");
        assertEquals(Schema.Type.MAP, schema.type());
        assertTrue(schema.isOptional());
        assertEquals(Schema.STRING_SCHEMA, schema.keySchema());
        assertPrimitive(Schema.Type.INT64, schema.valueSchema());
    }

    @Test
    void mapOfObjectsHasStructValues() {
        Schema schema =
                map(
                        "{'type':'object','properties':{'sensors':{'type':'object','additionalProperties':"
                                + "{'type':'object','properties':{'v':{'type':'number'}}}}}}");
        Schema values = schema.field("sensors").schema().valueSchema();
        assertEquals(Schema.Type.STRUCT, values.type());
        assertEquals(NAME + "_sensors", values.name());
    }

    @Test
    void objectWithNeitherPropertiesNorAdditionalPropertiesSchemaIsJsonText() {
        assertJsonText(map("{'type':'object'}"));
        assertJsonText(map("{'type':'object','properties':{}}"));
        assertJsonText(map("{'type':'object','additionalProperties':true}"));
        assertJsonText(map("{'type':'object','additionalProperties':{}}"));
    }

    @Test
    void arrayWithItemsIsAnArrayOfOptionalItems() {
        Schema schema = map("{'type':'array','items':{'type':'number'}}");
        assertEquals(Schema.Type.ARRAY, schema.type());
        assertTrue(schema.isOptional());
        assertPrimitive(Schema.Type.FLOAT64, schema.valueSchema());
    }

    @Test
    void arrayOfObjectsHasNamedStructItems() {
        Schema schema =
                map(
                        "{'type':'object','properties':{'points':{'type':'array','items':{'type':'object',"
                                + "'properties':{'t':{'type':'number'}}}}}}");
        Schema items = schema.field("points").schema().valueSchema();
        assertEquals(Schema.Type.STRUCT, items.type());
        assertTrue(items.isOptional());
        assertEquals(NAME + "_points", items.name());
        Schema topLevel =
                map(
                        "{'type':'array','items':{'type':'object','properties':{'t':{'type':'number'}}}}");
        assertEquals(NAME, topLevel.valueSchema().name());
    }

    @Test
    void arrayWithoutUsableItemsIsJsonText() {
        assertJsonText(map("{'type':'array'}"));
        assertJsonText(map("{'type':'array','items':{}}"));
        assertJsonText(map("{'type':'array','items':[{'type':'number'},{'type':'string'}]}"));
    }

    @Test
    void unusableNestedFieldsBecomeJsonText() {
        Schema schema =
                map(
                        "{'type':'object','properties':{"
                                + "'ref':{'$ref':'#/definitions/x','description':'referenced'},"
                                + "'either':{'oneOf':[{'type':'number'},{'type':'string'}]},"
                                + "'multi':{'type':['number','string']},"
                                + "'any':{},"
                                + "'maybe':{'anyOf':[{'type':'integer'},{'type':'null'}]}}}");
        assertJsonText(schema.field("ref").schema());
        assertEquals("referenced", schema.field("ref").schema().doc());
        assertJsonText(schema.field("either").schema());
        assertJsonText(schema.field("multi").schema());
        assertJsonText(schema.field("any").schema());
        assertPrimitive(Schema.Type.INT64, schema.field("maybe").schema());
    }

    @Test
    void jsonTextFieldWithRenamedPropertyCarriesBothParameters() {
        Schema field =
                map("{'type':'object','properties':{'free-form':{}}}").field("free_form").schema();
        assertJsonText(field);
        assertEquals(
                "free-form",
                JsonSchemaMapper.jsonName(
                        map("{'type':'object','properties':{'free-form':{}}}").field("free_form")));
    }

    @Test
    void nestingBelowTheDepthLimitBecomesJsonText() {
        String leaf = "{'type':'number'}";
        String schemaText = leaf;
        int depth = JsonSchemaMapper.MAX_DEPTH + 3;
        for (int i = 0; i < depth; i++) {
            schemaText = "{'type':'object','properties':{'n':" + schemaText + "}}";
        }
        Schema schema = map(schemaText);
        int structs = 0;
        Schema current = schema;
        while (current.type() == Schema.Type.STRUCT) {
            structs++;
            current = current.field("n").schema();
        }
        assertEquals(
                JsonSchemaMapper.MAX_DEPTH + 1,
                structs,
                "depths 0.." + JsonSchemaMapper.MAX_DEPTH + " are structs");
        assertJsonText(current);
    }

    @Test
    void descriptionsBecomeDocs() {
        Schema schema =
                map(
                        "{'type':'object','properties':{'t':{'type':'number','description':'temperature in C'},"
                                + "'tags':{'type':'array','description':'labels','items':{'type':'string','description':'one label'}},"
                                + "'plain':{'type':'string'}}}");
        assertEquals("temperature in C", schema.field("t").schema().doc());
        assertEquals("labels", schema.field("tags").schema().doc());
        assertEquals("one label", schema.field("tags").schema().valueSchema().doc());
        assertNull(schema.field("plain").schema().doc());
    }

    @Test
    void theSameJsonSchemaAlwaysMapsToAnEqualConnectSchema() {
        String text =
                "{'type':'object','description':'d','properties':{'a-b':{'type':'number'},'a.b':{'type':'string'},"
                        + "'pos':{'type':['object','null'],'properties':{'lat':{'type':'number'}}},"
                        + "'pts':{'type':'array','items':{'type':'object','properties':{'x':{'type':'integer'}}}},"
                        + "'m':{'type':'object','additionalProperties':{'type':'boolean'}},'free':{'oneOf':[{},{}]}}}";
        Schema first = map(text);
        Schema second = map(text);
        assertNotNull(first);
        assertEquals(first, second);
        assertEquals(first.hashCode(), second.hashCode());
        assertEquals(first, JsonSchemaMapper.toConnect(json(text), NAME).orElseThrow());
    }

    @Test
    void differentJsonSchemasMapToDifferentConnectSchemas() {
        assertFalse(
                map("{'type':'object','properties':{'a':{'type':'number'}}}")
                        .equals(map("{'type':'object','properties':{'a':{'type':'integer'}}}")));
    }

    @Test
    void jsonTextSchemaConstantIsOptionalJsonText() {
        assertJsonText(JsonSchemaMapper.JSON_TEXT_SCHEMA);
    }

    static void assertPrimitive(Schema.Type type, Schema schema) {
        assertEquals(type, schema.type());
        assertTrue(schema.isOptional(), "optional");
        assertFalse(JsonSchemaMapper.isJsonText(schema));
    }

    static void assertJsonText(Schema schema) {
        assertEquals(Schema.Type.STRING, schema.type());
        assertTrue(schema.isOptional(), "optional");
        assertTrue(JsonSchemaMapper.isJsonText(schema), "json.text parameter");
        assertEquals("true", schema.parameters().get(JsonSchemaMapper.JSON_TEXT_PARAM));
    }
}
