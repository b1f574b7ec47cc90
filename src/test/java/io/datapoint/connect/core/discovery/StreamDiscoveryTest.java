package io.datapoint.connect.core.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamDiscoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<List<String>> changes = new CopyOnWriteArrayList<>();
    private final AtomicInteger listings = new AtomicInteger();
    private StreamDiscovery discovery;

    @AfterEach
    void close() {
        if (discovery != null) {
            discovery.close();
        }
    }

    /** A lister that answers from {@code answers} by call number (the last one repeats); a null answer throws. */
    private Callable<List<String>> lister(List<List<String>> answers) {
        return () -> {
            int n = listings.getAndIncrement();
            List<String> answer = answers.get(Math.min(n, answers.size() - 1));
            if (answer == null) {
                throw new IOException("server unavailable");
            }
            return answer;
        };
    }

    private static Thread thread(String label) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("datapoint-discovery-" + label)).findFirst().orElse(null);
    }

    @Test
    void startListsOnceAndAChangeIsReportedOnce() throws Exception {
        discovery = new StreamDiscovery("change", lister(List.of(List.of("a"), List.of("a"), List.of("a", "b"))),
            20, changes::add);

        assertEquals(List.of("a"), discovery.start());
        assertTrue(changes.isEmpty());

        await().atMost(WAIT).until(() -> changes.size() == 1);
        assertEquals(List.of("a", "b"), changes.get(0));
        assertEquals(List.of("a", "b"), discovery.current());
        int seen = listings.get();
        await().atMost(WAIT).until(() -> listings.get() >= seen + 3);
        assertEquals(1, changes.size(), "the same set again is no change");
    }

    @Test
    void failedListingsKeepTheLastSet() throws Exception {
        AtomicReference<List<String>> answer = new AtomicReference<>(List.of("a", "b"));
        discovery = new StreamDiscovery("failures", () -> {
            listings.incrementAndGet();
            List<String> a = answer.get();
            if (a == null) {
                throw new IOException("server unavailable");
            }
            return a;
        }, 20, changes::add);
        discovery.start();

        answer.set(null);
        int before = listings.get();
        await().atMost(WAIT).until(() -> listings.get() >= before + 3);
        assertEquals(List.of("a", "b"), discovery.current());
        assertTrue(changes.isEmpty(), "a failure is never reported as an empty set");

        answer.set(List.of("a", "b"));
        int recovered = listings.get();
        await().atMost(WAIT).until(() -> listings.get() >= recovered + 2);
        assertTrue(changes.isEmpty(), "the same set after failures is no change");

        answer.set(List.of("a", "c"));
        await().atMost(WAIT).until(() -> changes.size() == 1);
        assertEquals(List.of(List.of("a", "c")), changes);
        assertEquals(List.of("a", "c"), discovery.current());
    }

    @Test
    void closeStopsTheThread() throws Exception {
        discovery = new StreamDiscovery("close", lister(List.of(List.of("a"))), 20, changes::add);
        discovery.start();
        await().atMost(WAIT).until(() -> listings.get() >= 2);
        Thread t = thread("close");

        discovery.close();

        assertFalse(t.isAlive());
    }

    @Test
    void closeInterruptsAListingInProgress() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch listing = new CountDownLatch(1);
        discovery = new StreamDiscovery("blocked", () -> {
            if (listings.getAndIncrement() == 0) {
                return List.of("a");
            }
            listing.countDown();
            never.await();
            return List.of("b");
        }, 10, changes::add);
        discovery.start();
        await().atMost(WAIT).until(() -> listing.getCount() == 0);
        Thread t = thread("blocked");

        discovery.close();

        assertFalse(t.isAlive());
        assertTrue(changes.isEmpty());
    }
}
