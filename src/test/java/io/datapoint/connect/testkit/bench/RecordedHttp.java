package io.datapoint.connect.testkit.bench;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A conversation with a simulator, recorded once and replayed from memory, so a micro benchmark measures what the
 * connector does with a response body and not the loopback network or the simulator. Recording proceeds to the
 * server and keeps each answer; replaying answers the n-th request of a method and path with the n-th answer
 * recorded for it, without touching the network.
 */
public final class RecordedHttp {

    private final Map<String, List<Answer>> recorded = new HashMap<>();
    private final Map<String, Integer> replayed = new HashMap<>();

    /** An interceptor to put last on a real transport: it keeps every answer the server gives. */
    public Interceptor recorder() {
        return chain -> {
            Response response = chain.proceed(chain.request());
            ResponseBody body = response.body();
            MediaType type = body.contentType();
            byte[] bytes = body.bytes();
            synchronized (this) {
                recorded.computeIfAbsent(key(chain.request()), k -> new ArrayList<>())
                    .add(new Answer(response.code(), type, bytes));
            }
            return response.newBuilder().body(ResponseBody.create(bytes, type)).build();
        };
    }

    /** A transport without auth or retries whose every request is answered from the recording. */
    public HttpTransport replayingTransport() {
        return new HttpTransport(HttpSettings.builder().maxRetries(0).build(), List.of(this::replay),
            HttpObserver.NONE);
    }

    /** Starts the replay over: the next request of each path gets its first recorded answer again. */
    public synchronized void rewind() {
        replayed.clear();
    }

    /** The number of answers recorded. */
    public synchronized int size() {
        return recorded.values().stream().mapToInt(List::size).sum();
    }

    private Response replay(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        String key = key(request);
        Answer answer;
        synchronized (this) {
            List<Answer> answers = recorded.get(key);
            if (answers == null) {
                throw new IOException("nothing was recorded for " + key);
            }
            int n = replayed.merge(key, 1, Integer::sum) - 1;
            answer = answers.get(Math.min(n, answers.size() - 1));
        }
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(answer.status())
            .message("replayed").body(ResponseBody.create(answer.body(), answer.type())).build();
    }

    private static String key(Request request) {
        return request.method() + " " + request.url().encodedPath();
    }

    private record Answer(int status, MediaType type, byte[] body) {
    }
}
