package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A stream: its metadata, its stored data and its downlink substream. Metadata is guarded by this monitor. */
final class SimStream {
    final String user;
    final String device;
    final String name;
    final DatapointLog data = new DatapointLog();
    final DatapointLog downlinkData = new DatapointLog();
    private String nickname = "";
    private String description = "";
    private String icon = "";
    private String datatype = "";
    private StreamSchema schema = StreamSchema.ANY;
    private boolean ephemeral;
    private boolean downlink;

    SimStream(String user, String device, String name) {
        this.user = user;
        this.device = device;
        this.name = name;
    }

    String path() {
        return user + "/" + device + "/" + name;
    }

    String devicePath() {
        return user + "/" + device;
    }

    synchronized StreamSchema schema() {
        return schema;
    }

    synchronized boolean ephemeral() {
        return ephemeral;
    }

    synchronized boolean downlink() {
        return downlink;
    }

    DatapointLog log(boolean downlinkSubstream) {
        return downlinkSubstream ? downlinkData : data;
    }

    synchronized ObjectNode toJson() {
        ObjectNode n = GoJson.MAPPER.createObjectNode();
        n.put("name", name);
        n.put("nickname", nickname);
        n.put("description", description);
        n.put("icon", icon);
        n.put("schema", schema.text());
        n.put("datatype", datatype);
        n.put("ephemeral", ephemeral);
        n.put("downlink", downlink);
        return n;
    }

    /**
     * Applies create/PUT fields. {@code schema} must be a JSON string (an object is the Go unmarshal error, 400);
     * an invalid schema is an operation error. Validates everything before changing anything.
     */
    synchronized void update(ObjectNode f) {
        StreamSchema newSchema = schema;
        if (f.has("schema") && !f.get("schema").isNull()) {
            if (!f.get("schema").isTextual()) {
                throw SimError.badRequest("json: cannot unmarshal " + f.get("schema").getNodeType().name().toLowerCase()
                        + " into Go struct field Stream.schema of type string");
            }
            newSchema = StreamSchema.parse(f.get("schema").textValue());
        }
        for (String flag : new String[] {"ephemeral", "downlink"}) {
            if (f.has(flag) && !f.get(flag).isBoolean() && !f.get(flag).isNull()) {
                throw SimError.badRequest("json: cannot unmarshal " + f.get(flag).getNodeType().name().toLowerCase()
                        + " into Go struct field Stream." + flag + " of type bool");
            }
        }
        schema = newSchema;
        if (f.hasNonNull("nickname")) {
            nickname = f.get("nickname").asText();
        }
        if (f.hasNonNull("description")) {
            description = f.get("description").asText();
        }
        if (f.hasNonNull("icon")) {
            icon = f.get("icon").asText();
        }
        if (f.hasNonNull("datatype")) {
            datatype = f.get("datatype").asText();
        }
        if (f.hasNonNull("ephemeral")) {
            ephemeral = f.get("ephemeral").asBoolean();
        }
        if (f.hasNonNull("downlink")) {
            downlink = f.get("downlink").asBoolean();
        }
    }
}
