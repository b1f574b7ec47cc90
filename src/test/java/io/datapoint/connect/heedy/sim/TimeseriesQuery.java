package io.datapoint.connect.heedy.sim;

/**
 * The timeseries read/delete parameters as heedy decodes them. Time values stay strings until the
 * query runs (relative times are evaluated then); absent parameters are {@code null}.
 */
record TimeseriesQuery(
        String t1, String t2, String t, Long i1, Long i2, Long i, Long limit, String transform) {
    boolean hasAnySelector() {
        return t1 != null || t2 != null || t != null || i1 != null || i2 != null || i != null;
    }
}
