package io.datapoint.connect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A platform as the reliability tests drive it: its simulator with number streams to read and write, the faults it
 * can inject, and the overrides that point the project's connector JSON at one stream. Implement it in the
 * platform's test package with a public no-argument constructor and list the class in
 * {@code src/test/resources/META-INF/services/io.datapoint.connect.testkit.PlatformFixture}; the fault matrix then
 * covers the platform's source and sink with no change to testkit.
 *
 * <p>Datapoints are numbers at times in seconds; both sides render one as {@code "<t>=<value>"} (as
 * {@link Double#toString}) so that what was stored and what was delivered compare as lists.
 */
public interface PlatformFixture extends AutoCloseable {

    /** The platform's name, its connectors' package segment (e.g. {@code heedy}). */
    String name();

    /** Starts the simulator with no data. */
    void start() throws Exception;

    /** The environment the connector JSON needs to reach the simulator. */
    Map<String, String> env();

    /** The faults this simulator injects. */
    Set<Fault> faults();

    /** Arms {@code fault} for the next {@code times} requests (for {@link Fault#WEBSOCKET_DROP}: drops now, once). */
    void inject(Fault fault, int times);

    /** Armed fault uses that no request has hit yet. */
    int pendingFaults();

    /** Forgets every armed fault. */
    void clearFaults();

    /** File names in {@code connectors/} of the platform's source and sink. */
    String sourceJson();

    String sinkJson();

    /** Creates an empty stream of numbers and returns its id. */
    String createStream(String name);

    /**
     * Creates {@code n} empty streams of numbers that {@link #sourceOverridesForAll} selects, and returns their ids.
     * The default creates them one by one with {@link #createStream}.
     */
    default List<String> createStreams(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(createStream("bulk" + i));
        }
        return ids;
    }

    /**
     * Overrides of the source JSON that read, from their start, into {@code topic}, every stream of this fixture
     * the way an operator selects many (tags, a project, a path prefix, all users...). A platform's selection may
     * add one empty stream of its own (e.g. the account's own user).
     */
    Map<String, String> sourceOverridesForAll(String topic);

    /** Requests the simulator answered since it started (never reset), for request-rate figures. */
    long requestCount();

    /** Overrides of the source JSON that read exactly {@code stream}, from its start, into {@code topic}. */
    Map<String, String> sourceOverrides(String stream, String topic);

    /**
     * Overrides of the source JSON (on top of {@link #sourceOverrides}) under which new datapoints reach Kafka through
     * the platform's push channel only: push on, and a poll interval too long to ever come. Empty when the platform's
     * source has no push channel.
     */
    default Optional<Map<String, String>> pushOverrides() {
        return Optional.empty();
    }

    /**
     * Overrides of the sink JSON that write {@code topic} into {@code stream}; its records' values are
     * {@code {"t": <seconds>, "d": <number>}} structs.
     */
    Map<String, String> sinkOverrides(String stream, String topic);

    /** True when the platform stores integers only: the sink's records then carry {@code d} as an int64. */
    default boolean integerValues() {
        return false;
    }

    /**
     * The value of a sink record that carries one datapoint, as the worker's JsonConverter reads it: a struct
     * {@code {t: seconds, d: value}} in a schema envelope, {@code d} an int64 where {@link #integerValues()}.
     */
    default byte[] sinkValue(double t, double value) {
        boolean integer = integerValues();
        return ("{\"schema\":{\"type\":\"struct\",\"optional\":false,\"fields\":[{\"field\":\"t\",\"type\":\"double\","
            + "\"optional\":false},{\"field\":\"d\",\"type\":\"" + (integer ? "int64" : "double")
            + "\",\"optional\":false}]},\"payload\":{\"t\":" + t + ",\"d\":"
            + (integer ? Long.toString((long) value) : Double.toString(value)) + "}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Appends datapoints {@code t[i]=values[i]} to the stream, as a device would. */
    void append(String stream, double[] t, double[] values);

    /** What the stream holds, in order, as {@code "<t>=<value>"}. */
    List<String> stored(String stream);

    /** How many datapoints the stream holds; override where the simulator counts without building {@link #stored}. */
    default long storedCount(String stream) {
        return stored(stream).size();
    }

    /**
     * The datapoint a source record carries, as {@code "<t>=<value>"}. The default reads the {@code t} and {@code d}
     * fields of the JSON value.
     */
    default String point(ConsumerRecord<byte[], byte[]> record) {
        JsonNode payload = TopicReader.payload(record);
        return payload.get("t").asDouble() + "=" + payload.get("d").asDouble();
    }

    /** Stops the simulator. */
    @Override
    void close();
}
