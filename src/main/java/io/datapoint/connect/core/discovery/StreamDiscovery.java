package io.datapoint.connect.core.discovery;

import io.datapoint.connect.core.http.HttpStatusException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-lists a source connector's streams on a schedule and asks Kafka Connect to reconfigure the tasks when the set
 * changed, so new streams start flowing and deleted ones stop without a restart. A failed listing keeps the last
 * known set and is logged; it never stops the connector.
 */
public final class StreamDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamDiscovery.class);

    private final String label;
    private final Callable<List<String>> lister;
    private final long intervalMillis;
    private final Consumer<List<String>> onChange;
    private final Object lock = new Object();
    private volatile List<String> current;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param label    names the connector in logs
     * @param lister   lists the stream ids now (sorted, so that equal sets compare equal)
     * @param interval how often to list again, in milliseconds
     * @param onChange told the new list when it differs from the last one (typically requests task reconfiguration)
     */
    public StreamDiscovery(String label, Callable<List<String>> lister, long interval,
                           Consumer<List<String>> onChange) {
        this.label = label;
        this.lister = lister;
        this.intervalMillis = interval;
        this.onChange = onChange;
    }

    /** Lists the streams once, synchronously, and starts re-listing in the background. */
    public List<String> start() throws Exception {
        current = List.copyOf(lister.call());
        running = true;
        thread = new Thread(this::loop, "datapoint-discovery-" + label);
        thread.setDaemon(true);
        thread.start();
        return current;
    }

    /**
     * Like {@link #start()}, for a connector's {@code start}: logs how many streams were found, and turns a failed
     * listing into a {@link ConnectException} saying what could not be listed and why.
     *
     * @param what         what the platform calls its streams, plural (e.g. "streams")
     * @param describeHttp renders an HTTP error in the platform's words, with a hint where one helps (e.g. which
     *                     credential to check on a 401)
     */
    public List<String> startOrFail(String what, Function<HttpStatusException, String> describeHttp) {
        try {
            List<String> found = start();
            log.info("{}: {} {} selected", label, found.size(), what);
            return found;
        } catch (HttpStatusException e) {
            throw new ConnectException(label + ": listing the " + what + " failed: " + describeHttp.apply(e), e);
        } catch (Exception e) {
            throw new ConnectException(label + ": listing the " + what + " failed: " + e, e);
        }
    }

    /**
     * The stream ids of listed entries of the form {@code id#fingerprint}. A lister may add a fingerprint (of a
     * stream's name, schema...) to an id so that a change of it, not only of the set of ids, reconfigures the tasks.
     */
    public static List<String> ids(List<String> entries) {
        return entries.stream().map(s -> s.lastIndexOf('#') < 0 ? s : s.substring(0, s.lastIndexOf('#'))).toList();
    }

    /** The streams found by the latest successful listing. */
    public List<String> current() {
        return current;
    }

    private void loop() {
        while (running) {
            synchronized (lock) {
                try {
                    lock.wait(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!running) {
                return;
            }
            try {
                List<String> found = List.copyOf(lister.call());
                if (!Objects.equals(found, current)) {
                    log.info("{}: the streams changed from {} to {}; reconfiguring tasks", label, current.size(),
                        found.size());
                    current = found;
                    onChange.accept(found);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                log.warn("{}: listing streams failed, keeping the {} known ones: {}", label, current.size(),
                    e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
