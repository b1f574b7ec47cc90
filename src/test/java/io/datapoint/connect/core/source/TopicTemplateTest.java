package io.datapoint.connect.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicTemplateTest {

    @Test
    void replacesPlaceholdersAndMakesTheNameLegal() {
        TopicTemplate t = new TopicTemplate("heedy.${owner}.${name}");

        assertEquals("heedy.alice.heart_rate__bpm_", t.topic(Map.of("owner", "alice", "name", "heart rate (bpm)")));
    }

    @Test
    void aMissingOrNullAttributeBecomesEmpty() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("name", null);

        assertEquals("p..x", new TopicTemplate("p.${owner}.${name}x").topic(attributes));
    }

    @Test
    void replacementTextIsTakenLiterally() {
        assertEquals("a_1_b", new TopicTemplate("a${v}b").topic(Map.of("v", "$1\\")));
    }

    @Test
    void safeHandlesEmptyDotsAndLength() {
        assertEquals("_", TopicTemplate.safe(""));
        assertEquals("_.", TopicTemplate.safe("."));
        assertEquals("_..", TopicTemplate.safe(".."));
        assertEquals(249, TopicTemplate.safe("x".repeat(300)).length());
        assertEquals("caf__", TopicTemplate.safe("café!"));
    }

    @Test
    void problemNamesAnUnknownPlaceholder() {
        List<String> allowed = List.of("owner", "name");

        assertNull(TopicTemplate.problem("heedy.${owner}.${name}", allowed));
        assertNull(TopicTemplate.problem("fixed-topic", allowed));
        String p = TopicTemplate.problem("heedy.${user}", allowed);
        assertTrue(p.contains("${user}") && p.contains("${owner}") && p.contains("${name}"), p);
        assertTrue(TopicTemplate.problem(" ", allowed).contains("must not be empty"));
        assertTrue(TopicTemplate.problem(null, allowed).contains("must not be empty"));
    }
}
