package io.datapoint.connect.core.schema;

import com.fasterxml.jackson.databind.node.TextNode;

import java.util.regex.Pattern;

/**
 * A location inside a JSON value, built cheaply while walking and rendered only for error messages:
 * {@code $}, {@code $.pos.lat}, {@code $.points[3]}, {@code $["bad-field"]}.
 */
final class JsonPath {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    static final JsonPath ROOT = new JsonPath(null, null, -1);

    private final JsonPath parent;
    private final String property;
    private final int index;

    private JsonPath(JsonPath parent, String property, int index) {
        this.parent = parent;
        this.property = property;
        this.index = index;
    }

    JsonPath property(String name) {
        return new JsonPath(this, name, -1);
    }

    JsonPath index(int i) {
        return new JsonPath(this, null, i);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "$";
        }
        StringBuilder out = new StringBuilder(parent.toString());
        if (property == null) {
            out.append('[').append(index).append(']');
        } else if (PLAIN.matcher(property).matches()) {
            out.append('.').append(property);
        } else {
            out.append('[').append(new TextNode(property)).append(']');
        }
        return out.toString();
    }
}
