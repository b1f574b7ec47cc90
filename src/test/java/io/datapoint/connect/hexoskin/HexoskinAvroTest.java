package io.datapoint.connect.hexoskin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.datapoint.connect.core.source.RecordContent;
import java.io.ByteArrayOutputStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;

/** The Hexoskin source's keys and values survive Avro as Confluent's AvroConverter would write them. */
class HexoskinAvroTest {

    private static SchemaAndValue roundTrip(Schema schema, Object value) throws Exception {
        AvroData writer = new AvroData(100);
        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser().parse(
            writer.fromConnectSchema(schema).toString());
        Object datum = writer.fromConnectData(schema, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(parsed).write(datum, encoder);
        encoder.flush();
        Object read = new GenericDatumReader<>(parsed)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        return new AvroData(100).toConnectData(parsed, read);
    }

    @Test
    void sampleKeyAndValueRoundTrip() throws Exception {
        HexoskinRecords records = new HexoskinRecords(1511, new HexoskinDatatype(19, "heart_rate", 1.0),
            "hexoskin.1511.heart_rate", 256);
        RecordContent c = records.content(37700, 1_704_067_200L * 256 + 128, 71.5);
        SchemaAndValue value = roundTrip(c.valueSchema(), c.value());
        assertEquals(c.value(), value.value());
        assertEquals("io.datapoint.connect.hexoskin.Sample", value.schema().name());
        assertEquals(c.key(), roundTrip(c.keySchema(), c.key()).value());
        assertEquals(1_704_067_200_500L, c.timestamp());
    }
}
