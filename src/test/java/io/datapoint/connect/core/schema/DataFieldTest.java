package io.datapoint.connect.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class DataFieldTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aSchemaThatPinsATypeTypesTheData() throws Exception {
        DataField field = new DataField(json("{\"type\":\"number\"}"), "x.data.s", true);
        assertEquals(Schema.Type.FLOAT64, field.schema().type());
        assertEquals(2.5, field.value(json("2.5"), () -> "s"));
        assertNull(field.value(null, () -> "s"));
        assertNull(field.value(json("null"), () -> "s"));
    }

    @Test
    void noSchemaOrJsonFormatGivesJsonText() throws Exception {
        DataField none = new DataField(null, "x.data.s", true);
        DataField json = new DataField(json("{\"type\":\"number\"}"), "x.data.s", false);
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, none.schema());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, json.schema());
        assertEquals("{\"a\":[1,true]}", none.value(json("{\"a\":[1,true]}"), () -> "s"));
        assertEquals("2.5", json.value(json("2.5"), () -> "s"));
    }

    @Test
    void dataThatDoesNotFitIsAMisfitCarryingTheConvertersReason() throws Exception {
        DataField field = new DataField(json("{\"type\":\"number\"}"), "x.data.s", true);
        DataField.MisfitException e = assertThrows(DataField.MisfitException.class,
            () -> field.value(json("\"many\""), () -> "s"));
        assertInstanceOf(DataException.class, e.getCause());
        assertEquals(e.getCause().getMessage(), e.getMessage());
    }
}
