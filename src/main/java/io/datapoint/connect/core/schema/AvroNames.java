package io.datapoint.connect.core.schema;

import java.util.Set;

/**
 * Avro-valid names. Avro (and therefore every Avro converter) rejects names outside {@code
 * [A-Za-z_][A-Za-z0-9_]*} and namespaces that are not dot-separated such names; apicurio's {@code
 * AvroData} does not scrub them, so every name this plugin puts on a Connect schema or struct field
 * goes through here first.
 */
public final class AvroNames {

    /** Avro primitive type names: a named type may not use one of these without a namespace. */
    private static final Set<String> PRIMITIVES =
            Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");

    private AvroNames() {}

    /**
     * One name segment: every character outside {@code [A-Za-z0-9_]} becomes {@code '_'} (one per
     * Unicode code point, so {@code "héllo"} becomes {@code "h_llo"}), a leading digit is prefixed
     * with {@code '_'}, and null or empty becomes {@code "_"}. Deterministic, and the identity on
     * names that are already valid.
     */
    public static String segment(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(raw.length() + 1);
        raw.codePoints().forEach(cp -> out.append(isNameChar(cp) ? (char) cp : '_'));
        if (isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    /**
     * A full dotted name: {@code namespace} is split on {@code '.'}, empty parts are dropped and
     * each remaining part is sanitized with {@link #segment}; {@code name} is a single segment (any
     * dots in it become {@code '_'}). A null or empty namespace gives just the name; a bare name
     * that would clash with an Avro primitive type ({@code "int"}) is prefixed with {@code '_'}.
     */
    public static String fullName(String namespace, String name) {
        String simple = segment(name);
        StringBuilder out = new StringBuilder();
        if (namespace != null) {
            for (String part : namespace.split("\\.")) {
                if (!part.isEmpty()) {
                    out.append(segment(part)).append('.');
                }
            }
        }
        if (out.length() == 0 && PRIMITIVES.contains(simple)) {
            return "_" + simple;
        }
        return out.append(simple).toString();
    }

    /**
     * Sanitizes an already dotted full name: everything before the last dot is the namespace, the
     * rest the name. The identity on valid full names.
     */
    public static String sanitizeFullName(String dotted) {
        if (dotted == null) {
            return segment(null);
        }
        int lastDot = dotted.lastIndexOf('.');
        return lastDot < 0
                ? fullName(null, dotted)
                : fullName(dotted.substring(0, lastDot), dotted.substring(lastDot + 1));
    }

    /** Whether {@code name} is one valid Avro name segment. */
    public static boolean isValidSegment(String name) {
        if (name == null || name.isEmpty() || isDigit(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(AvroNames::isNameChar);
    }

    private static boolean isNameChar(int cp) {
        return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || isDigit(cp) || cp == '_';
    }

    private static boolean isDigit(int cp) {
        return cp >= '0' && cp <= '9';
    }
}
