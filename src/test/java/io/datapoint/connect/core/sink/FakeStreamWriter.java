package io.datapoint.connect.core.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every write; refuses a batch that holds a "bad" point, can hold writes of some targets until released,
 * and can fail a numbered write with an IOException. Tracks how many writes of a target run at once.
 */
final class FakeStreamWriter implements StreamWriter<String> {

    /** One write attempt. */
    record Write(String target, List<String> points, boolean accepted) {
    }

    final List<Write> writes = new CopyOnWriteArrayList<>();
    private final Set<String> bad = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int failingCall = -1;
    private volatile long latencyMillis;

    FakeStreamWriter bad(String... points) {
        bad.addAll(List.of(points));
        return this;
    }

    /** Every write takes this long, as on a slow platform. */
    FakeStreamWriter latency(Duration latency) {
        latencyMillis = latency.toMillis();
        return this;
    }

    /** Writes to these targets wait until {@link #release()}. */
    FakeStreamWriter hold(String... targets) {
        held.addAll(List.of(targets));
        return this;
    }

    void release() {
        release.countDown();
    }

    /** The write call with this number (1 for the first, counting every target) throws an IOException. */
    FakeStreamWriter failCall(int call) {
        failingCall = call;
        return this;
    }

    int started(String target) {
        return counter(started, target).get();
    }

    int maxInFlight(String target) {
        return counter(maxInFlight, target).get();
    }

    /** The points of the accepted writes to a target, in write order. */
    List<String> written(String target) {
        return writes.stream().filter(w -> w.accepted() && w.target().equals(target))
            .flatMap(w -> w.points().stream()).toList();
    }

    List<Integer> acceptedSizes(String target) {
        return writes.stream().filter(w -> w.accepted() && w.target().equals(target))
            .map(w -> w.points().size()).toList();
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> map, String target) {
        return map.computeIfAbsent(target, t -> new AtomicInteger());
    }

    @Override
    public void write(String target, List<String> points) throws IOException, RejectedBatchException {
        int call = calls.incrementAndGet();
        counter(started, target).incrementAndGet();
        int now = counter(inFlight, target).incrementAndGet();
        counter(maxInFlight, target).accumulateAndGet(now, Math::max);
        try {
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (held.contains(target)) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (call == failingCall) {
                writes.add(new Write(target, List.copyOf(points), false));
                throw new IOException("server went away");
            }
            for (String p : points) {
                if (bad.contains(p)) {
                    writes.add(new Write(target, List.copyOf(points), false));
                    throw new RejectedBatchException("point " + p + " breaks the schema of " + target, null);
                }
            }
            writes.add(new Write(target, List.copyOf(points), true));
        } finally {
            counter(inFlight, target).decrementAndGet();
        }
    }
}
