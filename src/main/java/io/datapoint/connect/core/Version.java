package io.datapoint.connect.core;

/** The plugin's version, from the jar manifest ("dev" when running from classes). */
public final class Version {

    private static final String VERSION = read();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
