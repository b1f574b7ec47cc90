package io.datapoint.connect.connectordb.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON the way the Go server reads and writes it: numbers are float64 (so {@code 1.0} prints as {@code 1} and big
 * integers lose precision), map keys come out sorted, {@code d} is omitted when null and {@code o} when empty.
 */
final class GoJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private GoJson() {
    }

    /** Formats a float64 as Go's encoding/json does: plain notation in [1e-6, 1e21), exponent form outside. */
    static String formatFloat(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = Double.toString(v); // e.g. 1.0E21, 1.5E-7
            int e = s.indexOf('E');
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            int exp = Integer.parseInt(s.substring(e + 1));
            String digits = Integer.toString(Math.abs(exp));
            return mantissa + "e" + (exp < 0 ? "-" : "+") + (digits.length() < 2 ? "0" + digits : digits);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    static byte[] datapointArray(List<Datapoint> points) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + points.size() * 48);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeDatapoints(g, points);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The websocket message: {@code {"stream":...,"transform":...,"data":[...]}}; {@code null} data stays null. */
    static String message(String stream, String transform, List<Datapoint> points) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (points == null ? 0 : points.size() * 48));
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("stream", stream);
            if (transform != null && !transform.isEmpty()) {
                g.writeStringField("transform", transform);
            }
            g.writeFieldName("data");
            if (points == null || points.isEmpty()) {
                g.writeNull();
            } else {
                writeDatapoints(g, points);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeValue(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeDatapoints(JsonGenerator g, List<Datapoint> points) throws IOException {
        g.writeStartArray();
        for (Datapoint p : points) {
            g.writeStartObject();
            g.writeFieldName("t");
            g.writeNumber(formatFloat(p.t()));
            if (p.d() != null && !p.d().isNull() && !p.d().isMissingNode()) {
                g.writeFieldName("d");
                writeValue(g, p.d());
            }
            if (p.o() != null && !p.o().isEmpty()) {
                g.writeStringField("o", p.o());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeValue(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, JsonNode> sorted = new TreeMap<>();
                node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode child : node) {
                    writeValue(g, child);
                }
                g.writeEndArray();
            }
            case NUMBER -> g.writeNumber(formatFloat(node.asDouble()));
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            default -> g.writeNull();
        }
    }

    /**
     * Parses an insert body into datapoints as Go's unmarshal into {@code []Datapoint} would: the body must be an
     * array of objects; {@code t} must be a number (missing or null means 0); {@code o} and unknown keys are
     * dropped. Failures are 400s with Go-like messages.
     */
    static List<Datapoint> parseDatapoints(String body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw SimError.badRequest("unexpected end of JSON input");
        }
        if (root == null || root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw SimError.badRequest("json: cannot unmarshal " + goType(root)
                    + " into Go value of type datastream.DatapointArray");
        }
        return parseDatapoints((ArrayNode) root);
    }

    static List<Datapoint> parseDatapoints(ArrayNode array) {
        List<Datapoint> out = new ArrayList<>(array.size());
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode el = it.next();
            if (el.isNull()) {
                out.add(new Datapoint(0, null, null));
                continue;
            }
            if (!el.isObject()) {
                throw SimError.badRequest("json: cannot unmarshal " + goType(el)
                        + " into Go value of type datastream.Datapoint");
            }
            ObjectNode o = (ObjectNode) el;
            JsonNode t = o.get("t");
            double tv = 0;
            if (t != null && !t.isNull()) {
                if (!t.isNumber()) {
                    throw SimError.badRequest("json: cannot unmarshal " + goType(t)
                            + " into Go struct field Datapoint.t of type float64");
                }
                tv = t.asDouble();
            }
            JsonNode d = o.get("d");
            out.add(new Datapoint(tv, d == null || d.isNull() ? null : d, null));
        }
        return out;
    }

    private static String goType(JsonNode n) {
        JsonNodeType type = n.getNodeType();
        return switch (type) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "null";
        };
    }
}
