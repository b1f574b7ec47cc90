package io.datapoint.connect.connectordb.sim;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;

import java.util.concurrent.TimeUnit;

/**
 * Bridges MockWebServer to the simulated API: drains MockWebServer's own request queue (so a long run does not
 * grow), applies armed faults, runs the request, records it in the bounded call log and builds the response or
 * the websocket upgrade. Runs concurrently on MockWebServer's per-connection threads.
 */
final class SimDispatcher extends Dispatcher {
    private final RestApi api;
    private final WebsocketHub hub;
    private final FaultPlan faults;
    private final CallLog log;
    private volatile MockWebServer server;

    SimDispatcher(RestApi api, WebsocketHub hub, FaultPlan faults, CallLog log) {
        this.api = api;
        this.hub = hub;
        this.faults = faults;
        this.log = log;
    }

    void server(MockWebServer s) {
        this.server = s;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        drainRecordedRequests();
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        String query = url.encodedQuery();
        String method = request.getMethod();
        ByteString raw = request.getBody();
        String body = raw == null ? "" : raw.utf8();

        FaultPlan.Fault fault = faults.take(method, path);
        String faultName = fault == null ? null : fault.kind().name();
        if (fault != null) {
            switch (fault.kind()) {
                case FAIL -> {
                    SimResponse r = SimResponse.error(fault.status(), "Simulated failure");
                    if (fault.retryAfter() != null) {
                        r = r.withHeader("Retry-After", fault.retryAfter());
                    }
                    log.add(method, path, query, null, r.status(), faultName, body);
                    return toMock(r).build();
                }
                case RESET -> {
                    log.add(method, path, query, null, 0, faultName, body);
                    return cut();
                }
                case DELAY -> Thread.sleep(fault.delay().toMillis());
                default -> {
                    // STORE_THEN_DROP and TRUNCATE: handled after the request ran
                }
            }
        }

        SimResponse r = api.handle(new RestApi.Call(method, url, request.getHeaders(), body,
                raw == null ? 0 : raw.size()));
        if (fault != null && fault.kind() == FaultPlan.Kind.STORE_THEN_DROP) {
            log.add(method, path, query, r.actor(), 0, faultName, body);
            return cut();
        }
        log.add(method, path, query, r.actor(), r.status(), faultName, body);
        if (fault != null && fault.kind() == FaultPlan.Kind.TRUNCATE && r.status() != RestApi.UPGRADE) {
            return toMock(r).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        if (r.status() == RestApi.UPGRADE) {
            return new MockResponse.Builder().webSocketUpgrade(hub.newSession(actor(r.actor()))).build();
        }
        return toMock(r).build();
    }

    /** The request was read; close the socket before any response byte goes out. */
    private static MockResponse cut() {
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }

    private static MockResponse.Builder toMock(SimResponse r) {
        MockResponse.Builder b = new MockResponse.Builder().code(r.status());
        if (r.contentType() != null) {
            b.setHeader("Content-Type", r.contentType());
        }
        r.headers().forEach(b::setHeader);
        b.body(new Buffer().write(r.body()));
        return b;
    }

    private static Actor actor(String path) {
        if (path == null || path.equals("nobody")) {
            return Actor.NOBODY;
        }
        int slash = path.indexOf('/');
        return new Actor(path.substring(0, slash), path.substring(slash + 1));
    }

    private void drainRecordedRequests() throws InterruptedException {
        MockWebServer s = server;
        if (s != null) {
            while (s.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                // discard: the simulator keeps its own bounded log
            }
        }
    }
}
