package io.datapoint.connect.core.metrics;

import io.datapoint.connect.core.http.HttpObserver;

/** Counts HTTP responses by status and retries into a task's metrics. */
public final class MetricsHttpObserver implements HttpObserver {

    private final ConnectorMetrics metrics;

    public MetricsHttpObserver(ConnectorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onResponse(String host, int status, long micros) {
        metrics.increment("http-responses-total", "HTTP responses by status code", "status", Integer.toString(status));
    }

    @Override
    public void onRetry(String host, int attempt, String reason) {
        metrics.increment("http-retries-total", "HTTP requests tried again", "host", host);
    }

    @Override
    public void onFailure(String host, Throwable error) {
        metrics.increment("http-failures-total", "HTTP requests that failed after retries", "host", host);
    }
}
