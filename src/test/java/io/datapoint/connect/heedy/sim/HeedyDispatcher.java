package io.datapoint.connect.heedy.sim;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MockWebServer dispatcher: drains MockWebServer's own request queue, applies injected faults,
 * runs the API, encodes the answer (gzip, streaming) and keeps a bounded log of handled calls.
 */
final class HeedyDispatcher extends Dispatcher {
    static final int CALL_LOG_LIMIT = 10_000;
    private static final char[] XID_ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HeedyApi api;
    private final Faults faults;
    private final Deque<RecordedCall> calls = new ArrayDeque<>();
    private final AtomicLong handled = new AtomicLong();
    private volatile MockWebServer server;

    HeedyDispatcher(HeedyApi api, Faults faults) {
        this.api = api;
        this.faults = faults;
    }

    void attach(MockWebServer server) {
        this.server = server;
    }

    List<RecordedCall> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    long handled() {
        return handled.get();
    }

    void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        drainServerQueue();
        String method = request.getMethod();
        String decodedPath = "/" + String.join("/", request.getUrl().pathSegments());
        String query = redact(request.getUrl().encodedQuery());

        Faults.Rule delay = faults.take(decodedPath, Faults.Kind.DELAY);
        if (delay != null) {
            Thread.sleep(delay.delay.toMillis());
        }
        Faults.Rule fault =
                faults.take(
                        decodedPath,
                        Faults.Kind.FAIL,
                        Faults.Kind.RESET,
                        Faults.Kind.STORE_THEN_DROP,
                        Faults.Kind.TRUNCATE);
        String requestId = newRequestId();
        if (fault != null && fault.kind == Faults.Kind.FAIL) {
            MockResponse r = failure(fault, requestId);
            log(method, decodedPath, query, fault.status, "fail");
            return r;
        }
        if (fault != null && fault.kind == Faults.Kind.RESET) {
            log(method, decodedPath, query, -1, "reset");
            return new MockResponse.Builder()
                    .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                    .build();
        }

        Answer answer =
                api.handle(
                        method, request.getUrl(), request.getHeaders(), bodyOf(request), requestId);
        if (answer.webSocket() != null) {
            log(method, decodedPath, query, 101, fault == null ? null : "ignored");
            return new MockResponse.Builder().webSocketUpgrade(answer.webSocket()).build();
        }
        if (fault != null && fault.kind == Faults.Kind.STORE_THEN_DROP) {
            log(method, decodedPath, query, -1, "store-then-drop");
            return new MockResponse.Builder()
                    .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                    .build();
        }
        boolean truncate = fault != null && fault.kind == Faults.Kind.TRUNCATE;
        MockResponse response = encode(answer, request, truncate);
        log(method, decodedPath, query, answer.status(), truncate ? "truncate" : null);
        return response;
    }

    private static byte[] bodyOf(RecordedRequest request) {
        return request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    }

    private MockResponse encode(Answer answer, RecordedRequest request, boolean truncate) {
        MockResponse.Builder b = new MockResponse.Builder().code(answer.status());
        if (answer.contentType() != null) {
            b.setHeader("Content-Type", answer.contentType());
        }
        if (answer.contentType() != null && answer.contentType().startsWith("application/json")) {
            b.setHeader("Cache-Control", "no-store");
        }
        byte[] body = answer.body();
        String acceptEncoding = request.getHeaders().get("Accept-Encoding");
        if (answer.gzipAllowed()
                && acceptEncoding != null
                && acceptEncoding.toLowerCase().contains("gzip")) {
            body = gzip(body);
            b.setHeader("Content-Encoding", "gzip");
        }
        Buffer buffer = new Buffer().write(body);
        if (truncate) {
            // Content-Length promises the whole body; the socket is cut after half of it.
            b.body(buffer).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE);
        } else if (answer.chunked()) {
            b.chunkedBody(buffer, 64 * 1024);
        } else {
            b.body(buffer);
        }
        return b.build();
    }

    private static byte[] gzip(byte[] body) {
        Buffer out = new Buffer();
        try (BufferedSink sink = Okio.buffer(new GzipSink(out))) {
            sink.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.readByteArray();
    }

    private MockResponse failure(Faults.Rule rule, String requestId) {
        String code =
                switch (rule.status) {
                    case 401, 403 -> "access_denied";
                    case 404 -> "not_found";
                    case 429 -> "too_many_requests";
                    default -> rule.status >= 500 ? "server_error" : "bad_request";
                };
        Answer a =
                Answer.error(new HeedyError(rule.status, code + ": simulated failure"), requestId);
        MockResponse.Builder b =
                new MockResponse.Builder()
                        .code(rule.status)
                        .setHeader("Content-Type", a.contentType())
                        .setHeader("Cache-Control", "no-store")
                        .body(new Buffer().write(a.body()));
        if (rule.retryAfter != null) {
            b.setHeader("Retry-After", rule.retryAfter);
        }
        return b.build();
    }

    /**
     * MockWebServer queues every RecordedRequest; a long-running simulator must not let that queue
     * grow.
     */
    private void drainServerQueue() throws InterruptedException {
        MockWebServer s = server;
        if (s == null) {
            return;
        }
        while (s.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
            // discard: our own bounded call log is the ground truth
        }
    }

    private void log(String method, String path, String query, int status, String fault) {
        handled.incrementAndGet();
        RecordedCall call = new RecordedCall(method, path, query, status, fault, Instant.now());
        synchronized (calls) {
            if (calls.size() >= CALL_LOG_LIMIT) {
                calls.removeFirst();
            }
            calls.addLast(call);
        }
    }

    private static String redact(String query) {
        if (query == null) {
            return "";
        }
        return query.replaceAll("(?i)(^|&)(access_token=)[^&]*", "$1$2REDACTED");
    }

    /** A 20-character id in the alphabet of rs/xid. */
    private static String newRequestId() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = XID_ALPHABET[RANDOM.nextInt(XID_ALPHABET.length)];
        }
        return new String(id);
    }
}
