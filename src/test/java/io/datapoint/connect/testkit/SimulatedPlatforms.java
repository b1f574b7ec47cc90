package io.datapoint.connect.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link SimulatedPlatform}s registered through {@link ServiceLoader} on the test classpath. */
public final class SimulatedPlatforms {

    private SimulatedPlatforms() {
    }

    /** A new, unstarted instance of every registered platform, sorted by name. */
    public static List<SimulatedPlatform> discover() {
        List<SimulatedPlatform> platforms = new ArrayList<>();
        ServiceLoader.load(SimulatedPlatform.class, SimulatedPlatforms.class.getClassLoader()).forEach(platforms::add);
        platforms.sort(Comparator.comparing(SimulatedPlatform::name));
        return platforms;
    }
}
