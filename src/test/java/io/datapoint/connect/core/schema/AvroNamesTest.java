package io.datapoint.connect.core.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.AvroTypeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AvroNamesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "temperature|temperature",
                "_x9|_x9",
                "bad-field|bad_field",
                "1st|_1st",
                "a.b|a_b",
                "héllo|h_llo",
                "with space|with_space",
                "9|_9",
                "a$b|a_b",
            })
    void segmentReplacesInvalidCharactersAndLeadingDigits(String raw, String expected) {
        assertEquals(expected, AvroNames.segment(raw));
    }

    @Test
    void segmentOfEmptyOrNullIsUnderscore() {
        assertEquals("_", AvroNames.segment(""));
        assertEquals("_", AvroNames.segment(null));
    }

    @Test
    void segmentReplacesOneSupplementaryCodePointWithOneUnderscore() {
        assertEquals("a_b", AvroNames.segment("a\uD83D\uDE00b"));
    }

    @Test
    void segmentIsIdempotent() {
        for (String raw : new String[] {"bad-field", "1st", "héllo", "", "a.b.c"}) {
            String once = AvroNames.segment(raw);
            assertEquals(once, AvroNames.segment(once));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bad-field",
                "1st",
                "a.b",
                "héllo",
                "",
                "-",
                "0",
                "日本語",
                "x y z",
                "\uD83D\uDE00"
            })
    void segmentResultsAreAcceptedByAvro(String raw) {
        String name = AvroNames.segment(raw);
        assertTrue(AvroNames.isValidSegment(name), name);
        assertDoesNotThrow(() -> parseRecordNamed("ns." + name, name));
    }

    @Test
    void fullNameSanitizesEveryNamespaceSegment() {
        assertEquals(
                "io.datapoint.connect.heedy.Datapoint",
                AvroNames.fullName("io.datapoint.connect.heedy", "Datapoint"));
        assertEquals("io.my_co.x._1st_point", AvroNames.fullName("io.my-co..x.", "1st.point"));
        assertEquals("Datapoint", AvroNames.fullName(null, "Datapoint"));
        assertEquals("Datapoint", AvroNames.fullName("", "Datapoint"));
        assertEquals("ns._", AvroNames.fullName("ns", ""));
    }

    @Test
    void bareNamesThatClashWithAvroPrimitivesArePrefixed() {
        assertEquals("_int", AvroNames.fullName(null, "int"));
        assertEquals("ns.int", AvroNames.fullName("ns", "int"));
        assertThrows(
                AvroTypeException.class,
                () -> parseRecordNamed("string", "f"),
                "Avro refuses the bare name");
        assertDoesNotThrow(() -> parseRecordNamed(AvroNames.fullName(null, "string"), "f"));
    }

    @Test
    void sanitizeFullNameSplitsAtTheLastDot() {
        assertEquals(
                "io.datapoint.connect.heedy.Data_user_stream",
                AvroNames.sanitizeFullName("io.datapoint.connect.heedy.Data_user_stream"));
        assertEquals("io.x_y._2nd", AvroNames.sanitizeFullName("io.x-y.2nd"));
        assertEquals("_", AvroNames.sanitizeFullName(null));
    }

    @Test
    void fullNameResultsAreAcceptedByAvro() {
        String name = AvroNames.fullName("1.weird-ns.héllo", "my-event");
        assertDoesNotThrow(() -> parseRecordNamed(name, "value"));
    }

    @Test
    void isValidSegmentRejectsWhatAvroRejects() {
        assertFalse(AvroNames.isValidSegment("1st"));
        assertFalse(AvroNames.isValidSegment("a-b"));
        assertFalse(AvroNames.isValidSegment(""));
        assertTrue(AvroNames.isValidSegment("_1st"));
    }

    private static org.apache.avro.Schema parseRecordNamed(String fullName, String fieldName) {
        String json =
                "{\"type\":\"record\",\"name\":\""
                        + fullName
                        + "\",\"fields\":[{\"name\":\""
                        + fieldName
                        + "\",\"type\":\"string\"}]}";
        return new org.apache.avro.Schema.Parser().parse(json);
    }
}
