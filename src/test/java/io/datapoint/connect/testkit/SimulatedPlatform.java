package io.datapoint.connect.testkit;

import java.util.Map;

/**
 * A platform simulator as the quickstart and the packaging test see it: something that starts, serves the platform's
 * API on 127.0.0.1 with live data, and tells which environment variables point the connector JSON at it.
 *
 * <p>To plug a platform in, implement this in the platform's test package (e.g.
 * {@code io.datapoint.connect.heedy.sim.HeedyPlatform}, wrapping {@code HeedySimulator}) with a public no-argument
 * constructor, and add its class name to {@code src/test/resources/META-INF/services/io.datapoint.connect.testkit.SimulatedPlatform}.
 * Nothing in testkit needs editing: {@link SimulatedPlatforms} finds it through {@link java.util.ServiceLoader}.
 */
public interface SimulatedPlatform extends AutoCloseable {

    /**
     * The platform's name, equal to its connectors' package segment ({@code heedy} for
     * {@code io.datapoint.connect.heedy.HeedySourceConnector}): connector JSON is matched to platforms by it.
     */
    String name();

    /** Starts the simulator with live data: datapoints keep arriving in its streams until {@link #close()}. */
    void start() throws Exception;

    /**
     * The environment the connector JSON needs to reach this simulator, e.g. {@code HEEDY_URL} and
     * {@code HEEDY_TOKEN} for {@code ${env:HEEDY_URL}}. Valid after {@link #start()}.
     */
    Map<String, String> env();

    /** Stops the simulator; safe to call more than once. */
    @Override
    void close();
}
