package io.datapoint.connect.hexoskin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * One Hexoskin record (a recording session of one shirt) as the change feed sees it.
 *
 * @param id           the record id
 * @param user         the owner's user id
 * @param start        first tick of the recording
 * @param end          last tick of the recording
 * @param lastModified the server's {@code last_modified} text, sent back verbatim in the next feed query
 * @param status       complete, realtime, syncing, ...
 */
record HexoskinRecording(long id, long user, long start, long end, String lastModified, String status) {

    /** {@code last_modified} as an instant (a naive time counts as UTC). */
    Instant modified() {
        return parseTime(lastModified);
    }

    static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    static HexoskinRecording from(JsonNode n) throws IOException {
        try {
            long id = n.path("id").asLong();
            long user = HexoskinClient.idOf(n.path("user"));
            String lm = n.path("last_modified").asText(null);
            if (lm == null || !n.path("start").isNumber()) {
                throw new IOException("a Hexoskin record without last_modified or start: " + n);
            }
            parseTime(lm);
            long start = n.path("start").asLong();
            long end = n.path("end").isNumber() ? n.path("end").asLong() : start;
            return new HexoskinRecording(id, user, start, end, lm, n.path("status").asText(""));
        } catch (DateTimeParseException e) {
            throw new IOException("a Hexoskin record with an unreadable last_modified: " + n, e);
        }
    }
}
