package io.datapoint.connect.heedy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.datapoint.connect.core.source.RecordContent;
import java.io.ByteArrayOutputStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;

/**
 * The heedy source's records survive Avro, as Confluent's AvroConverter would write them (Apicurio's AvroData is a
 * port of Confluent's): the value schema re-parses, and a datapoint round-trips through Avro binary to an equal value.
 */
class HeedyAvroTest {

    private static SchemaAndValue roundTrip(RecordContent c) throws Exception {
        AvroData writer = new AvroData(100);
        org.apache.avro.Schema avro = writer.fromConnectSchema(c.valueSchema());
        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
        Object datum = writer.fromConnectData(c.valueSchema(), c.value());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(parsed).write(datum, encoder);
        encoder.flush();
        Object read = new GenericDatumReader<>(parsed)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        return new AvroData(100).toConnectData(parsed, read);
    }

    @Test
    void typedDatapointsWithAwkwardNamesRoundTrip() throws Exception {
        JsonNode schema = HeedyClient.JSON.readTree("{\"type\":\"object\",\"properties\":{"
            + "\"heart-rate\":{\"type\":\"integer\"},\"1st\":{\"type\":\"string\"},"
            + "\"pos\":{\"type\":\"object\",\"properties\":{\"lat\":{\"type\":\"number\"},\"lng\":{\"type\":\"number\"}}},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}");
        HeedyObject object = new HeedyObject("0b1d-uuid", "My Run (2024)", "alice", null, null, "", "timeseries",
            schema);
        RecordContent c = new HeedyRecords(object, "t", true).content(new HeedyPoint(1700000000.5, 60,
            HeedyClient.JSON.readTree("{\"heart-rate\":1.42e+02,\"1st\":\"x\",\"pos\":{\"lat\":1.5,\"lng\":-2},"
                + "\"tags\":[\"a\",\"b\"]}")));
        SchemaAndValue back = roundTrip(c);
        assertEquals(c.value(), back.value());
        assertEquals("io.datapoint.connect.heedy.Datapoint", back.schema().name());
    }

    @Test
    void jsonTextDatapointsRoundTrip() throws Exception {
        HeedyObject object = new HeedyObject("id", "untyped", "alice", null, null, "", "timeseries",
            HeedyClient.JSON.createObjectNode());
        RecordContent c = new HeedyRecords(object, "t", true).content(new HeedyPoint(1, 0,
            HeedyClient.JSON.readTree("{\"anything\":[1,\"two\",null]}")));
        assertEquals(c.value(), roundTrip(c).value());
    }
}
