package io.datapoint.connect.core.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds {@code Authorization: <scheme> <token>} to every request with a token from a {@link TokenSource}: obtained on
 * the first request, refreshed when it expires within the refresh margin, and obtained anew when the server answers
 * 401 to it, after which the request is sent once more. Tokens are never logged.
 */
public final class RefreshingTokenAuth implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger(RefreshingTokenAuth.class);

    private final TokenSource source;
    private final String scheme;
    private final long refreshAheadSeconds;
    private final Clock clock;
    private AccessToken current; // guarded by this

    /**
     * @param scheme       the word before the token in the header, e.g. {@code Bearer} or {@code JWT}
     * @param refreshAhead how long before its expiry a token is refreshed
     */
    public RefreshingTokenAuth(TokenSource source, String scheme, Duration refreshAhead) {
        this(source, scheme, refreshAhead, Clock.systemUTC());
    }

    RefreshingTokenAuth(TokenSource source, String scheme, Duration refreshAhead, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.refreshAheadSeconds = refreshAhead.toSeconds();
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        AccessToken token = token();
        Response response = chain.proceed(authorized(chain.request(), token));
        if (response.code() != 401) {
            return response;
        }
        response.close();
        log.info("{} {} answered 401; obtaining a new token and sending it again", chain.request().method(),
            HttpStatusException.safeUrl(chain.request().url()));
        return chain.proceed(authorized(chain.request(), replace(token)));
    }

    private Request authorized(Request request, AccessToken token) {
        return request.newBuilder().header("Authorization", scheme + " " + token.value().value()).build();
    }

    /** The current token, obtained or refreshed first when needed. */
    private synchronized AccessToken token() throws IOException {
        if (current == null) {
            current = source.obtain();
        } else if (current.expiresWithin(clock.instant(), refreshAheadSeconds)) {
            current = refreshed(current);
        }
        return current;
    }

    private AccessToken refreshed(AccessToken token) throws IOException {
        try {
            return source.refresh(token);
        } catch (IOException e) {
            if (!token.expiresWithin(clock.instant(), 0)) {
                // still valid: keep it and try refreshing again on the next request
                log.warn("Refreshing the access token failed; using it until it expires at {}: {}", token.expiresAt(),
                    e.getMessage());
                return token;
            }
            log.info("Refreshing the expired access token failed ({}); obtaining a new one", e.getMessage());
            return source.obtain();
        }
    }

    /** A new token instead of one the server refused, unless another request already replaced it. */
    private synchronized AccessToken replace(AccessToken refused) throws IOException {
        if (current == refused) {
            current = source.obtain();
        }
        return current;
    }

    /** Forgets the current token, so that the next request obtains a new one. */
    public synchronized void invalidate() {
        current = null;
    }

    @Override
    public String toString() {
        return "RefreshingTokenAuth[" + scheme + ", hidden]";
    }
}
