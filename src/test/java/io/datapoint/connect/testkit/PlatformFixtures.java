package io.datapoint.connect.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link PlatformFixture}s registered through {@link ServiceLoader} on the test classpath. */
public final class PlatformFixtures {

    private PlatformFixtures() {
    }

    /**
     * A new, unstarted instance of every registered fixture, in registration order; with the system property
     * {@code platforms} (e.g. {@code -Dplatforms=heedy,iotile}) only those, for a run while working on one.
     */
    public static List<PlatformFixture> discover() {
        String only = System.getProperty("platforms", "").trim();
        List<String> names = only.isEmpty() ? List.of() : List.of(only.split("\\s*,\\s*"));
        List<PlatformFixture> fixtures = new ArrayList<>();
        for (PlatformFixture fixture : ServiceLoader.load(PlatformFixture.class)) {
            if (names.isEmpty() || names.contains(fixture.name())) {
                fixtures.add(fixture);
            }
        }
        return fixtures;
    }
}
