package io.datapoint.connect.testkit.bench;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A transport whose server accepts every request from memory with one fixed answer and counts the request body
 * bytes it was sent, so a micro benchmark of a sink measures the writer's work up to the bytes on the wire.
 */
public final class AcceptingHttp {

    private static final MediaType JSON = MediaType.get("application/json");

    private final int status;
    private final byte[] answer;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /** @param answer the body of every answer, e.g. {@code {}} */
    public AcceptingHttp(int status, String answer) {
        this.status = status;
        this.answer = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A transport without auth or retries that talks to this server. */
    public HttpTransport transport() {
        return new HttpTransport(HttpSettings.builder().maxRetries(0).build(), List.of(this::accept),
            HttpObserver.NONE);
    }

    /** Request body bytes received so far. */
    public long bytes() {
        return bytes.get();
    }

    /** Requests received so far. */
    public long requests() {
        return requests.get();
    }

    private Response accept(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        requests.incrementAndGet();
        if (request.body() != null) {
            bytes.addAndGet(request.body().contentLength());
        }
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(status).message("accepted")
            .body(ResponseBody.create(answer, JSON)).build();
    }
}
