package io.datapoint.connect.heedy.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.LongFunction;

/**
 * A read-only timeseries whose point {@code i} (of {@code count}) is {@code t = t0 + i*step, d = values(i)}, made
 * when it is asked for, so a series of ten million points costs no memory. It is a {@link NavigableMap} from t to
 * datapoint, so {@link TimeseriesData} runs its usual queries on it; range views are index ranges, navigation is
 * arithmetic. Writes, polls and descending views are not supported.
 */
final class GeneratedSeries extends AbstractMap<Double, Datapoint> implements NavigableMap<Double, Datapoint> {

    private final double t0;
    private final double step;
    private final LongFunction<JsonNode> values;
    /** The points of this view: indices {@code [from, to)}. */
    private final long from;
    private final long to;

    /**
     * @param count  how many points
     * @param t0     t of point 0 (seconds)
     * @param step   seconds between points, positive
     * @param values d of point i
     */
    GeneratedSeries(long count, double t0, double step, LongFunction<JsonNode> values) {
        this(t0, step, values, 0, count);
        if (count < 0 || !(step > 0)) {
            throw new IllegalArgumentException("count must be >= 0 and step > 0");
        }
    }

    private GeneratedSeries(double t0, double step, LongFunction<JsonNode> values, long from, long to) {
        this.t0 = t0;
        this.step = step;
        this.values = values;
        this.from = from;
        this.to = Math.max(from, to);
    }

    private double t(long i) {
        return t0 + i * step;
    }

    private Datapoint point(long i) {
        return new Datapoint(t(i), 0, values.apply(i));
    }

    private Map.Entry<Double, Datapoint> entry(long i) {
        if (i < from || i >= to) {
            return null;
        }
        Datapoint p = point(i);
        return new SimpleImmutableEntry<>(p.t(), p);
    }

    /** The first index in {@code [from, to]} whose t is at least {@code t} ({@code to} when none). */
    private long ceilingIndex(double t) {
        double guess = Math.ceil((t - t0) / step);
        long i = guess <= from ? from : guess >= to ? to : (long) guess;
        // the guess may be off by one either way where t0 + i*step rounds
        while (i > from && t(i - 1) >= t) {
            i--;
        }
        while (i < to && t(i) < t) {
            i++;
        }
        return i;
    }

    /** The first index in {@code [from, to]} whose t is above {@code t} ({@code to} when none). */
    private long higherIndex(double t) {
        long i = ceilingIndex(t);
        return i < to && t(i) == t ? i + 1 : i;
    }

    private static double key(Object key) {
        return ((Number) key).doubleValue();
    }

    private GeneratedSeries range(long lo, long hi) {
        return new GeneratedSeries(t0, step, values, Math.max(from, lo), Math.min(to, hi));
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, to - from);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Datapoint get(Object key) {
        double t = key(key);
        long i = ceilingIndex(t);
        return i < to && t(i) == t ? point(i) : null;
    }

    @Override
    public Set<Map.Entry<Double, Datapoint>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Double, Datapoint>> iterator() {
                return new Iterator<>() {
                    private long next = from;

                    @Override
                    public boolean hasNext() {
                        return next < to;
                    }

                    @Override
                    public Map.Entry<Double, Datapoint> next() {
                        if (next >= to) {
                            throw new NoSuchElementException();
                        }
                        return entry(next++);
                    }
                };
            }

            @Override
            public int size() {
                return GeneratedSeries.this.size();
            }
        };
    }

    @Override
    public Map.Entry<Double, Datapoint> lowerEntry(Double key) {
        return entry(ceilingIndex(key) - 1);
    }

    @Override
    public Double lowerKey(Double key) {
        return keyOf(lowerEntry(key));
    }

    @Override
    public Map.Entry<Double, Datapoint> floorEntry(Double key) {
        return entry(higherIndex(key) - 1);
    }

    @Override
    public Double floorKey(Double key) {
        return keyOf(floorEntry(key));
    }

    @Override
    public Map.Entry<Double, Datapoint> ceilingEntry(Double key) {
        return entry(ceilingIndex(key));
    }

    @Override
    public Double ceilingKey(Double key) {
        return keyOf(ceilingEntry(key));
    }

    @Override
    public Map.Entry<Double, Datapoint> higherEntry(Double key) {
        return entry(higherIndex(key));
    }

    @Override
    public Double higherKey(Double key) {
        return keyOf(higherEntry(key));
    }

    @Override
    public Map.Entry<Double, Datapoint> firstEntry() {
        return entry(from);
    }

    @Override
    public Map.Entry<Double, Datapoint> lastEntry() {
        return entry(to - 1);
    }

    @Override
    public Double firstKey() {
        return requireKey(firstEntry());
    }

    @Override
    public Double lastKey() {
        return requireKey(lastEntry());
    }

    private static Double keyOf(Map.Entry<Double, Datapoint> e) {
        return e == null ? null : e.getKey();
    }

    private static Double requireKey(Map.Entry<Double, Datapoint> e) {
        if (e == null) {
            throw new NoSuchElementException();
        }
        return e.getKey();
    }

    @Override
    public NavigableMap<Double, Datapoint> subMap(Double fromKey, boolean fromInclusive, Double toKey,
                                                  boolean toInclusive) {
        long lo = fromInclusive ? ceilingIndex(fromKey) : higherIndex(fromKey);
        long hi = toInclusive ? higherIndex(toKey) : ceilingIndex(toKey);
        return range(lo, hi);
    }

    @Override
    public NavigableMap<Double, Datapoint> headMap(Double toKey, boolean inclusive) {
        return range(from, inclusive ? higherIndex(toKey) : ceilingIndex(toKey));
    }

    @Override
    public NavigableMap<Double, Datapoint> tailMap(Double fromKey, boolean inclusive) {
        return range(inclusive ? ceilingIndex(fromKey) : higherIndex(fromKey), to);
    }

    @Override
    public SortedMap<Double, Datapoint> subMap(Double fromKey, Double toKey) {
        return subMap(fromKey, true, toKey, false);
    }

    @Override
    public SortedMap<Double, Datapoint> headMap(Double toKey) {
        return headMap(toKey, false);
    }

    @Override
    public SortedMap<Double, Datapoint> tailMap(Double fromKey) {
        return tailMap(fromKey, true);
    }

    @Override
    public Comparator<? super Double> comparator() {
        return null;
    }

    @Override
    public Map.Entry<Double, Datapoint> pollFirstEntry() {
        throw readOnly();
    }

    @Override
    public Map.Entry<Double, Datapoint> pollLastEntry() {
        throw readOnly();
    }

    @Override
    public NavigableMap<Double, Datapoint> descendingMap() {
        throw new UnsupportedOperationException("a generated series has no descending view");
    }

    @Override
    public NavigableSet<Double> navigableKeySet() {
        throw new UnsupportedOperationException("a generated series has no key set view");
    }

    @Override
    public NavigableSet<Double> descendingKeySet() {
        throw new UnsupportedOperationException("a generated series has no descending view");
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("a generated series is read-only");
    }
}
