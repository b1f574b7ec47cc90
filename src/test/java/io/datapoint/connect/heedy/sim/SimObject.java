package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/** One heedy object (metadata guarded by its own monitor) with its timeseries data. */
final class SimObject {
    private static final SchemaRegistry SCHEMAS =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    final String id;
    final String type;
    final String owner;
    final String app;
    final LocalDate created = LocalDate.now(java.time.ZoneOffset.UTC);
    final TimeseriesData data = new TimeseriesData();

    private String name;
    private String description = "";
    private String icon = "";
    private String key;
    private List<String> tags = List.of();
    private List<String> ownerScope = List.of("*");
    private ObjectNode meta;
    private LocalDate modifiedDate;
    private Schema compiledSchema;

    SimObject(String id, String type, String owner, String app, String name) {
        this.id = id;
        this.type = type;
        this.owner = owner;
        this.app = app;
        this.name = name;
        this.meta = defaultMeta();
    }

    static ObjectNode defaultMeta() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.putObject("schema");
        return m;
    }

    static List<String> splitTags(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return new ArrayList<>(new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+"))));
    }

    synchronized String name() {
        return name;
    }

    synchronized void name(String v) {
        name = v;
    }

    synchronized String description() {
        return description;
    }

    synchronized void description(String v) {
        description = v;
    }

    synchronized String icon() {
        return icon;
    }

    synchronized void icon(String v) {
        icon = v;
    }

    synchronized String key() {
        return key;
    }

    synchronized void key(String v) {
        key = v;
    }

    synchronized List<String> tags() {
        return tags;
    }

    synchronized void tags(List<String> v) {
        tags = List.copyOf(v);
    }

    synchronized List<String> ownerScope() {
        return ownerScope;
    }

    synchronized void ownerScope(List<String> v) {
        ownerScope = List.copyOf(v);
    }

    synchronized ObjectNode meta() {
        return meta.deepCopy();
    }

    synchronized void meta(ObjectNode v) {
        meta = v.deepCopy();
        compiledSchema = null;
    }

    synchronized LocalDate modifiedDate() {
        return modifiedDate;
    }

    /** Marks today's write; returns true when the date changed (heedy then fires object_update). */
    synchronized boolean touchModified(LocalDate today) {
        if (modifiedDate != null && !today.isAfter(modifiedDate)) {
            return false;
        }
        modifiedDate = today;
        return true;
    }

    /**
     * The JSON Schema for {@code d}, or null when it is empty ({@code {}}), so no validation runs.
     */
    synchronized Schema dataSchema() {
        JsonNode schema = meta.get("schema");
        if (schema == null || (schema.isObject() && schema.isEmpty())) {
            return null;
        }
        if (compiledSchema == null) {
            compiledSchema = SCHEMAS.getSchema(schema);
        }
        return compiledSchema;
    }
}
