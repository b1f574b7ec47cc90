package io.datapoint.connect.core.http;

import dev.failsafe.Call;
import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.event.ExecutionScheduledEvent;
import dev.failsafe.function.ContextualSupplier;

import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import okio.BufferedSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The HTTP client of one task: OkHttp with the auth interceptors, a Failsafe retry policy
 * (exponential backoff with full jitter, Retry-After honoured on 429/503), a per-host rate limit
 * shared across the JVM, bounded response bodies, trust store and proxy. Thread-safe.
 *
 * <p>Waits are interruptible: interrupting the calling thread ends a backoff with an {@link
 * InterruptedIOException} (interrupt flag kept), and {@link #close()} from another thread ends
 * every call in flight, backoffs included.
 */
public final class HttpTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

    /** Error bodies are kept up to this size; the rest is dropped. */
    static final int ERROR_BODY_LIMIT = 64 * 1024;

    /**
     * Test seam: sees every scheduled retry wait (the wait the policy chose, before {@link
     * Seams#realWait}).
     */
    interface RetryWaitListener {
        void retryScheduled(int failedAttempt, Duration wait);
    }

    /**
     * What tests replace: the rate-limiter registry, the jitter source, the clock for Retry-After
     * dates, how a chosen wait maps to the real sleep (identity in production) and an observer of
     * chosen waits.
     */
    record Seams(
            HostRateLimiters rateLimiters,
            DoubleSupplier jitter,
            Clock clock,
            UnaryOperator<Duration> realWait,
            RetryWaitListener waits) {
        static Seams production() {
            return new Seams(
                    HostRateLimiters.SHARED,
                    () -> ThreadLocalRandom.current().nextDouble(),
                    Clock.systemUTC(),
                    UnaryOperator.identity(),
                    (attempt, wait) -> {});
        }
    }

    private final HttpSettings settings;
    private final HttpObserver observer;
    private final OkHttpClient client;
    private final HostRateLimiters rateLimiters;
    private final RetryDelays delays;
    private final Seams seams;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<Call<HttpResult>> inFlight = ConcurrentHashMap.newKeySet();

    public HttpTransport(
            HttpSettings settings, List<Interceptor> interceptors, HttpObserver observer) {
        this(settings, interceptors, observer, Seams.production());
    }

    HttpTransport(
            HttpSettings settings,
            List<Interceptor> interceptors,
            HttpObserver observer,
            Seams seams) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = observer == null ? HttpObserver.NONE : observer;
        this.seams = Objects.requireNonNull(seams, "seams");
        this.rateLimiters = seams.rateLimiters();
        this.delays =
                new RetryDelays(
                        settings.retryBackoffInitial(),
                        settings.retryBackoffMax(),
                        settings.maxRetryAfter(),
                        seams.jitter(),
                        seams.clock());
        this.client = buildClient(settings, interceptors == null ? List.of() : interceptors);
    }

    private static OkHttpClient buildClient(HttpSettings settings, List<Interceptor> interceptors) {
        OkHttpClient.Builder builder =
                new OkHttpClient.Builder()
                        .connectTimeout(settings.connectTimeout())
                        .readTimeout(settings.readTimeout())
                        .writeTimeout(settings.readTimeout())
                        .socketFactory(new NoDelaySocketFactory())
                        // retries are ours, with backoff; OkHttp's silent retry would double them
                        .retryOnConnectionFailure(false);
        String userAgent = settings.userAgent();
        builder.addInterceptor(chain ->
                chain.proceed(
                        chain.request().newBuilder().header("User-Agent", userAgent).build()));
        interceptors.forEach(builder::addInterceptor);
        settings.trustStorePath()
                .ifPresent(path ->
                        TrustStores.apply(
                                builder,
                                path,
                                settings.trustStorePassword(),
                                settings.trustStoreType()));
        settings.proxyHost()
                .ifPresent(host ->
                        builder.proxy(
                                new Proxy(
                                        Proxy.Type.HTTP,
                                        InetSocketAddress.createUnresolved(
                                                host, settings.proxyPort()))));
        OkHttpClient built = builder.build();
        // the default of 5 would queue a task's websockets and parallel reads behind each other
        built.dispatcher().setMaxRequestsPerHost(32);
        return built;
    }

    /** Executes with {@link RetryMode#RETRY}. */
    public HttpResult execute(Request request) throws IOException {
        return execute(request, RetryMode.RETRY);
    }

    /**
     * Executes {@code request} and reads its body.
     *
     * @return the result of a 2xx answer
     * @throws HttpStatusException for any other status (after retries when it was retriable)
     * @throws InterruptedIOException when interrupted or when the transport is closed meanwhile
     * @throws IOException for transport errors, after retries are exhausted
     */
    public HttpResult execute(Request request, RetryMode mode) throws IOException {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        FailsafeExecutor<HttpResult> executor =
                mode == RetryMode.NO_RETRY ? Failsafe.none() : Failsafe.with(retryPolicy(request));
        ContextualSupplier<HttpResult, HttpResult> attempt = ctx -> attempt(request, ctx);
        Call<HttpResult> call = executor.newCall(attempt);
        inFlight.add(call);
        String host = request.url().host();
        try {
            ensureOpen();
            return call.execute();
        } catch (FailsafeException e) {
            IOException failure = toIOException(e.getCause() == null ? e : e.getCause());
            observer.onFailure(host, failure);
            throw failure;
        } catch (CancellationException e) {
            IOException failure = closedException();
            observer.onFailure(host, failure);
            throw failure;
        } catch (RuntimeException e) {
            observer.onFailure(host, e);
            throw e;
        } finally {
            inFlight.remove(call);
            if (closed.get()) {
                // close() interrupts this thread to end a backoff; do not leave its flag set for
                // the caller
                Thread.interrupted();
            }
        }
    }

    private RetryPolicy<HttpResult> retryPolicy(Request request) {
        String method = request.method();
        String path = request.url().encodedPath();
        String host = request.url().host();
        // the delay function runs for every failure, the scheduled listener only when a retry
        // follows
        AtomicReference<Duration> chosenWait = new AtomicReference<>(Duration.ZERO);
        return RetryPolicy.<HttpResult>builder()
                .handleIf((result, failure) -> failure != null && isRetriable(failure))
                .withMaxRetries(settings.maxRetries())
                .withDelayFn(ctx -> {
                    Duration wait =
                            delays.delayFor(ctx.getAttemptCount() - 1, ctx.getLastException());
                    chosenWait.set(wait);
                    return seams.realWait().apply(wait);
                })
                .onRetryScheduled((ExecutionScheduledEvent<HttpResult> event) -> {
                    int attempt = event.getAttemptCount();
                    String reason = reason(event.getLastException());
                    Duration wait = chosenWait.get();
                    log.warn(
                            "HTTP {} {} failed ({}), attempt {} of {}; retrying in {} ms",
                            method,
                            path,
                            reason,
                            attempt,
                            settings.maxRetries() + 1,
                            wait.toMillis());
                    observer.onRetry(host, attempt, reason);
                    seams.waits().retryScheduled(attempt, wait);
                })
                .build();
    }

    private HttpResult attempt(Request request, ExecutionContext<HttpResult> ctx)
            throws IOException {
        ensureOpen();
        String host = request.url().host();
        if (settings.requestsPerSecond() > 0) {
            try {
                rateLimiters.acquire(host, settings.requestsPerSecond());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(
                        "interrupted while waiting for the rate limit of " + host);
            }
        }
        okhttp3.Call okCall = client.newCall(request);
        ctx.onCancel(okCall::cancel);
        long start = System.nanoTime();
        try (Response response = okCall.execute()) {
            int status = response.code();
            if (response.isSuccessful()) {
                byte[] body = readBounded(request, response.body());
                observer.onResponse(host, status, micros(start));
                return new HttpResult(status, response.headers(), body);
            }
            String errorBody = readErrorBody(response.body());
            observer.onResponse(host, status, micros(start));
            throw new HttpStatusException(
                    request.method(), request.url(), status, response.headers(), errorBody);
        }
    }

    private byte[] readBounded(Request request, ResponseBody body) throws IOException {
        long limit = settings.maxResponseBytes();
        if (body.contentLength() > limit) {
            throw new ResponseTooLargeException(
                    request.method(), HttpStatusException.safeUrl(request.url()), limit);
        }
        BufferedSource source = body.source();
        // request(n) is true only when n bytes could be buffered: one byte past the limit means too
        // large
        if (source.request(limit + 1)) {
            throw new ResponseTooLargeException(
                    request.method(), HttpStatusException.safeUrl(request.url()), limit);
        }
        return source.getBuffer().readByteArray();
    }

    private static String readErrorBody(ResponseBody body) {
        try {
            BufferedSource source = body.source();
            source.request(ERROR_BODY_LIMIT);
            long available = Math.min(source.getBuffer().size(), ERROR_BODY_LIMIT);
            return source.getBuffer().readString(available, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // the status alone still tells what happened
        }
    }

    private boolean isRetriable(Throwable failure) {
        if (closed.get()) {
            return false;
        }
        if (failure instanceof HttpStatusException status) {
            return status.retriable();
        }
        if (failure instanceof SocketTimeoutException) {
            return true;
        }
        if (failure instanceof InterruptedIOException // interrupt or cancel, not a timeout
                || failure instanceof ResponseTooLargeException
                || failure instanceof SSLHandshakeException
                || failure instanceof SSLPeerUnverifiedException
                || failure instanceof UnknownServiceException) {
            return false;
        }
        // connect errors, resets, EOF before a response
        return failure instanceof IOException;
    }

    private IOException toIOException(Throwable cause) {
        if (closed.get()) {
            return closedException();
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            InterruptedIOException e =
                    new InterruptedIOException("interrupted while waiting to retry");
            e.initCause(cause);
            return e;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(cause.getMessage(), cause);
    }

    private static String reason(Throwable failure) {
        if (failure instanceof HttpStatusException status) {
            return "HTTP " + status.status();
        }
        return failure == null
                ? "unknown"
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    private void ensureOpen() throws InterruptedIOException {
        if (closed.get()) {
            throw closedException();
        }
    }

    private static InterruptedIOException closedException() {
        return new InterruptedIOException("HTTP transport closed");
    }

    /** The transport's settings. */
    public HttpSettings settings() {
        return settings;
    }

    /** The underlying client, with the user agent and auth interceptors, e.g. for websockets. */
    public OkHttpClient client() {
        return client;
    }

    /**
     * Ends calls in flight (backoffs included) and releases the dispatcher and connection pool
     * threads.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Call<HttpResult> call : inFlight) {
            call.cancel(true);
        }
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
