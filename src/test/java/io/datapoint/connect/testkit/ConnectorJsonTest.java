package io.datapoint.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorJsonTest {

    @TempDir
    Path dir;

    @Test
    void readsNameConfigPlatformAndEnvReferences() throws IOException {
        Path file = dir.resolve("heedy-source.json");
        Files.writeString(file, """
                {"name": "heedy-source", "config": {
                  "connector.class": "io.datapoint.connect.heedy.HeedySourceConnector",
                  "tasks.max": 2,
                  "heedy.url": "${env:HEEDY_URL}",
                  "heedy.token": "${env:HEEDY_TOKEN}"}}
                """);

        ConnectorJson json = ConnectorJson.load(file);

        assertEquals("heedy-source", json.name());
        assertEquals("2", json.config().get("tasks.max"), "numbers become strings as Connect expects");
        assertEquals(Optional.of("heedy"), json.platform());
        assertEquals(Set.of("HEEDY_URL", "HEEDY_TOKEN"), json.envReferences());
    }

    @Test
    void overridesReplaceAndNullRemoves() {
        ConnectorJson json = new ConnectorJson("c", Map.of("connector.class", "x.Y", "a", "1", "b", "2"));
        Map<String, String> overrides = new HashMap<>();
        overrides.put("a", "10");
        overrides.put("b", null);

        ConnectorJson changed = json.with(overrides);

        assertEquals(Map.of("connector.class", "x.Y", "a", "10"), changed.config());
        assertEquals(Optional.empty(), changed.platform(), "classes outside io.datapoint.connect have no platform");
    }

    @Test
    void rejectsFilesWithoutNameOrConfig() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"connector.class\": \"x.Y\"}");

        assertThrows(IllegalArgumentException.class, () -> ConnectorJson.load(file));
        assertFalse(ConnectorJson.loadAll(dir.resolve("missing")).iterator().hasNext());
    }
}
