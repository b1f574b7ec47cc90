package io.datapoint.connect.iotile;

import java.util.Locale;

/**
 * IOTile global ids ("slugs") in their canonical form: a type letter, {@code --}, then components separated by
 * {@code --}, each made of groups of four lower-case hex digits joined by {@code -}, left-padded with zero groups.
 * IOTile's {@code ?filter=} matches the exact stored string, so every slug is normalised before it is sent: a
 * short or upper-case slug such as {@code s--5--a--5001} becomes {@code s--0000-0005--0000-0000-0000-000a--5001}.
 */
public final class IotileSlug {

    /** The stream form shown when a stream slug is refused. */
    static final String STREAM_FORM = "s--PPPP-PPPP--DDDD-DDDD-DDDD-DDDD--VVVV (project, device, variable in hex),"
        + " e.g. s--0000-0005--0000-0000-0000-000a--5001";
    static final String PROJECT_FORM = "p--PPPP-PPPP, e.g. p--0000-0005";
    static final String DEVICE_FORM = "d--DDDD-DDDD-DDDD-DDDD, e.g. d--0000-0000-0000-000a";

    private IotileSlug() {
    }

    /**
     * The canonical stream slug {@code s--PPPP-PPPP--DDDD-DDDD-DDDD-DDDD--VVVV}.
     *
     * @throws IllegalArgumentException showing the expected form when the text is not a stream slug
     */
    public static String stream(String text) {
        String s = prefixed(text, "s--", STREAM_FORM);
        String[] parts = s.split("--", -1);
        if (parts.length != 3) {
            throw malformed(text, STREAM_FORM, "it needs three components (project--device--variable)");
        }
        return "s--" + groups(parts[0], 2, text, STREAM_FORM, "project") + "--"
            + groups(parts[1], 4, text, STREAM_FORM, "device") + "--" + groups(parts[2], 1, text, STREAM_FORM, "variable");
    }

    /** The canonical project slug {@code p--PPPP-PPPP}. */
    public static String project(String text) {
        return "p--" + groups(prefixed(text, "p--", PROJECT_FORM), 2, text, PROJECT_FORM, "project");
    }

    /** The canonical device slug {@code d--DDDD-DDDD-DDDD-DDDD}. */
    public static String device(String text) {
        return "d--" + groups(prefixed(text, "d--", DEVICE_FORM), 4, text, DEVICE_FORM, "device");
    }

    /** The project slug a canonical stream slug belongs to. */
    static String projectOf(String streamSlug) {
        return "p--" + streamSlug.substring(3, 12);
    }

    /** The device slug of a canonical stream slug ({@code d--0000-0000-0000-0000} for a virtual stream). */
    static String deviceOf(String streamSlug) {
        return "d--" + streamSlug.substring(14, 33);
    }

    /** The variable slug of a canonical stream slug, {@code v--PPPP-PPPP--VVVV}. */
    static String variableOf(String streamSlug) {
        return "v--" + streamSlug.substring(3, 12) + "--" + streamSlug.substring(35);
    }

    /** True for a project-level (virtual) stream, whose device component is zero. */
    static boolean virtual(String streamSlug) {
        return streamSlug.substring(14, 33).equals("0000-0000-0000-0000");
    }

    private static String prefixed(String text, String prefix, String form) {
        if (text == null || text.isBlank()) {
            throw malformed(text, form, "it is empty");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (!s.startsWith(prefix)) {
            throw malformed(text, form, "it must start with '" + prefix + "'");
        }
        return s.substring(prefix.length());
    }

    /** A component as {@code groups} dash-joined groups of four hex digits; empty means zero. */
    private static String groups(String component, int groups, String text, String form, String what) {
        String hex = component.replace("-", "");
        if (!hex.matches("[0-9a-f]*") || component.startsWith("-") || component.endsWith("-")
            || component.contains("--")) {
            throw malformed(text, form, "its " + what + " part '" + component + "' is not hex digit groups");
        }
        String digits = hex.replaceFirst("^0+", "");
        if (digits.length() > groups * 4) {
            throw malformed(text, form, "its " + what + " part '" + component + "' has more than " + (groups * 4)
                + " hex digits");
        }
        String padded = "0".repeat(groups * 4 - digits.length()) + digits;
        StringBuilder out = new StringBuilder(groups * 5);
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                out.append('-');
            }
            out.append(padded, g * 4, g * 4 + 4);
        }
        return out.toString();
    }

    private static IllegalArgumentException malformed(String text, String form, String why) {
        return new IllegalArgumentException("'" + (text == null ? "" : text.trim()) + "' is not an IOTile slug: "
            + why + ". Expected " + form);
    }
}
