package io.datapoint.connect.core.source;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A topic name template such as {@code heedy.${owner}.${name}}: placeholders are replaced with a stream's attributes
 * and the result is made a legal Kafka topic name (characters other than letters, digits, '.', '_' and '-' become
 * '_'; at most 249 characters).
 */
public final class TopicTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_]+)}");
    private static final int MAX_TOPIC_LENGTH = 249;

    private final String template;

    public TopicTemplate(String template) {
        this.template = template;
    }

    /**
     * Checks that every placeholder is one of {@code allowed}.
     *
     * @return null when valid, else a message naming the unknown placeholder and the allowed ones
     */
    public static String problem(String template, java.util.Collection<String> allowed) {
        if (template == null || template.isBlank()) {
            return "The topic template must not be empty";
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!allowed.contains(m.group(1))) {
                return "Unknown placeholder ${" + m.group(1) + "}; use one of " + allowed.stream()
                    .map(a -> "${" + a + "}").toList();
            }
        }
        return null;
    }

    /** The topic for a stream with these attributes; a missing attribute becomes an empty string. */
    public String topic(Map<String, String> attributes) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = attributes.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return safe(out.toString());
    }

    /** Makes any text a legal Kafka topic name. */
    public static String safe(String raw) {
        String s = raw.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            s = "_" + s;
        }
        return s.length() > MAX_TOPIC_LENGTH ? s.substring(0, MAX_TOPIC_LENGTH) : s;
    }
}
