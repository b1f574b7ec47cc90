package io.datapoint.connect.core.schema;

import static io.datapoint.connect.core.schema.JsonSchemaMapperTest.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apicurio.registry.serde.avro.NonRecordContainer;
import io.apicurio.registry.utils.converter.avro.AvroData;

import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;

/**
 * Guard: whatever a platform's JSON Schema looks like, the mapped Connect schema must be valid Avro
 * (apicurio's AvroData does not scrub names) and values must survive Connect → Avro binary →
 * Connect unchanged.
 */
class AvroCompatibilityTest {

    private static final String NAME = "io.datapoint.connect.test.Data_user_stream";

    static Stream<Arguments> nastySchemas() {
        return Stream.of(
                Arguments.of(
                        "bad property names",
                        "{'type':'object','properties':{'bad-field':{'type':'number'},'1st':{'type':'integer'},"
                                + "'a.b':{'type':'string'},'héllo':{'type':'boolean'},'':{'type':'number'},'$t':{'type':'number'},"
                                + "'日本':{'type':'string'},'with space':{'type':'integer'}}}",
                        "{'bad-field':1.5,'1st':2,'a.b':'x','héllo':true,'':3.25,'$t':4,'日本':'y','with space':5}"),
                Arguments.of(
                        "duplicates after sanitizing",
                        "{'type':'object','properties':{'a-b':{'type':'number'},'a.b':{'type':'number'},'a_b':{'type':'number'},"
                                + "'a b':{'type':'number'},'a_b_2':{'type':'string'}}}",
                        "{'a-b':1,'a.b':2,'a_b':3,'a b':4,'a_b_2':'five'}"),
                Arguments.of(
                        "nested objects with bad and colliding names",
                        "{'type':'object','properties':{'pos-1':{'type':'object','description':'position','properties':{"
                                + "'lat':{'type':'number'},'lon':{'type':'number'},'fix.info':{'type':'object','properties':{"
                                + "'sats':{'type':'integer'}}}}},'pos.1':{'type':'object','properties':{'lat':{'type':'number'}}},"
                                + "'pos_1_fix_info':{'type':'object','properties':{'q':{'type':'string'}}}}}",
                        "{'pos-1':{'lat':1,'lon':2,'fix.info':{'sats':7}},'pos.1':{'lat':3},'pos_1_fix_info':{'q':'z'}}"),
                Arguments.of(
                        "arrays of objects",
                        "{'type':'object','properties':{'points':{'type':'array','items':{'type':'object','properties':{"
                                + "'t':{'type':'number'},'2nd-value':{'type':'integer'}}}},'grid':{'type':'array','items':"
                                + "{'type':'array','items':{'type':'object','properties':{'v':{'type':'number'}}}}}}}",
                        "{'points':[{'t':1,'2nd-value':2},{'t':3},null],'grid':[[{'v':1}],[],[{'v':2},{'v':3}]]}"),
                Arguments.of(
                        "maps",
                        "{'type':'object','properties':{'counts':{'type':'object','additionalProperties':{'type':'integer'}},"
                                + "'sensors':{'type':'object','additionalProperties':{'type':'object','properties':{"
                                + "'read-out':{'type':'number'}}}},'lists':{'type':'object','additionalProperties':{'type':'array',"
                                + "'items':{'type':'string'}}}}}",
                        "{'counts':{'a-b':1,'1':2},'sensors':{'s.1':{'read-out':1.5},'s 2':{}},'lists':{'x':['p','q']}}"),
                Arguments.of(
                        "json text and nullable fields",
                        "{'type':'object','properties':{'free':{},'either':{'oneOf':[{'type':'number'},{'type':'string'}]},"
                                + "'maybe':{'type':['integer','null']},'obj':{'type':'object'},'arr':{'type':'array'}}}",
                        "{'free':{'k':[1,2]},'either':'s','maybe':null,'obj':{'x':1},'arr':[1,'a']}"),
                Arguments.of(
                        "same shape under two names",
                        "{'type':'object','properties':{'from':{'type':'object','properties':{'x':{'type':'number'}}},"
                                + "'to':{'type':'object','properties':{'x':{'type':'number'}}}}}",
                        "{'from':{'x':1},'to':{'x':2}}"),
                Arguments.of(
                        "top-level array of objects",
                        "{'type':'array','items':{'type':'object','properties':{'bad key':{'type':'string'}}}}",
                        "[{'bad key':'v'},{}]"),
                Arguments.of(
                        "top-level map of objects",
                        "{'type':'object','additionalProperties':{'type':'object','properties':{'n-1':{'type':'integer'}}}}",
                        "{'k':{'n-1':1}}"),
                Arguments.of("primitive", "{'type':'number','description':'temperature'}", "21.5"),
                Arguments.of(
                        "deep nesting",
                        deep(JsonSchemaMapper.MAX_DEPTH + 2),
                        deepValue(JsonSchemaMapper.MAX_DEPTH + 2)));
    }

    private static String deep(int levels) {
        String schema = "{'type':'number'}";
        for (int i = 0; i < levels; i++) {
            schema = "{'type':'object','properties':{'n-" + i + "':" + schema + "}}";
        }
        return schema;
    }

    private static String deepValue(int levels) {
        String value = "1";
        for (int i = 0; i < levels; i++) {
            value = "{'n-" + i + "':" + value + "}";
        }
        return value;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastySchemas")
    void mappedSchemaIsValidAvroAndValuesRoundTrip(
            String title, String jsonSchema, String jsonValue) throws IOException {
        Schema connect = JsonSchemaMapper.toConnect(json(jsonSchema), NAME).orElseThrow();
        assertAvroRoundTrip(connect, JsonToConnect.convert(json(jsonValue), connect));

        // as the lead uses it: the data schema inside a datapoint envelope
        Schema envelope =
                SchemaBuilder.struct()
                        .name("io.datapoint.connect.test.Datapoint")
                        .field("t", Schema.FLOAT64_SCHEMA)
                        .field("data", connect)
                        .build();
        Struct datapoint =
                new Struct(envelope)
                        .put("t", 1.7e9)
                        .put("data", JsonToConnect.convert(json(jsonValue), connect));
        assertAvroRoundTrip(envelope, datapoint);
    }

    @Test
    void theGuardCatchesInvalidNames() {
        Schema invalid =
                SchemaBuilder.struct()
                        .name("io.datapoint.bad-name")
                        .field("bad-field", Schema.STRING_SCHEMA)
                        .build();
        assertThrows(
                SchemaParseException.class,
                () ->
                        new org.apache.avro.Schema.Parser()
                                .parse(new AvroData(100).fromConnectSchema(invalid).toString()));
    }

    private static void assertAvroRoundTrip(Schema connect, Object value) throws IOException {
        AvroData writerSide = new AvroData(100);
        org.apache.avro.Schema avro = writerSide.fromConnectSchema(connect);
        org.apache.avro.Schema reparsed =
                assertDoesNotThrow(
                        () -> new org.apache.avro.Schema.Parser().parse(avro.toString()),
                        avro::toString);
        assertEquals(avro.toString(), reparsed.toString());

        Object datum = writerSide.fromConnectData(connect, value);
        if (datum instanceof NonRecordContainer<?> container) {
            datum = container.getValue(); // what apicurio's serializer does for non-record values
        }
        byte[] bytes = encode(avro, datum);
        Object decoded =
                new GenericDatumReader<>(reparsed)
                        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        // a fresh AvroData, as a consumer would have, working from the schema text only
        SchemaAndValue back = new AvroData(100).toConnectData(reparsed, decoded);
        assertEquals(connect, back.schema(), "schema survives Avro");
        assertEquals(value, back.value(), "value survives Avro");
        if (value instanceof Struct struct) {
            ((Struct) back.value()).validate();
            assertEquals(struct, back.value());
        }
    }

    private static byte[] encode(org.apache.avro.Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
