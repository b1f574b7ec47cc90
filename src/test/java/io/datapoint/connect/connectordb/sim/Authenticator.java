package io.datapoint.connect.connectordb.sim;

import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ConnectorDB's authentication, in priority order: HTTP Basic ({@code user:password} logs in as
 * {@code <user>/user}, the user may be given by email; {@code :apikey} logs in as the key's device), then
 * {@code ?apikey=}, then the {@code connectordb-session} cookie, else the anonymous {@code nobody}. A bad credential
 * costs a delay and then 401; no credential is never a 401.
 */
final class Authenticator {
    static final String COOKIE = "connectordb-session";

    private final Registry registry;
    /** Session cookie value -> the API key it stands for (the real server securecookie-encodes the key). */
    private final ConcurrentHashMap<String, String> cookies = new ConcurrentHashMap<>();
    private volatile Duration failedLoginDelay = Duration.ofMillis(300);

    Authenticator(Registry registry) {
        this.registry = registry;
    }

    void failedLoginDelay(Duration delay) {
        this.failedLoginDelay = delay;
    }

    Actor authenticate(Headers headers, HttpUrl url) {
        String authorization = headers.get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = decodeBasic(authorization.substring(6).trim());
            if (decoded != null) {
                int colon = decoded.indexOf(':');
                return basic(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
        }
        String apiKey = url.queryParameter("apikey");
        if (apiKey != null && !apiKey.isEmpty()) {
            return byKey(apiKey);
        }
        String cookieKey = cookieKey(headers);
        if (cookieKey != null) {
            SimDevice d = registry.deviceByApiKey(cookieKey);
            if (d != null) {
                return new Actor(d.user, d.name);
            }
        }
        return Actor.NOBODY;
    }

    /** Issues a session cookie value for the actor's device (login). */
    String newSessionCookie(Actor actor) {
        SimDevice d = registry.device(actor.user(), actor.device());
        String token = UUID.randomUUID().toString().replace("-", "");
        cookies.put(token, d.apiKey());
        return token;
    }

    private Actor basic(String user, String secret) {
        if (user.isEmpty()) {
            if (secret.isEmpty()) {
                throw fail("Must have non-empty api key");
            }
            return byKey(secret);
        }
        SimUser u = registry.userByNameOrEmail(user);
        if (u == null) {
            throw fail("Login Failed. Check your username or password");
        }
        if (!u.passwordMatches(secret)) {
            throw fail("Incorrect Password");
        }
        return new Actor(u.name, "user");
    }

    private Actor byKey(String key) {
        SimDevice d = registry.deviceByApiKey(key);
        if (d == null) {
            throw fail("The requested device was not found.");
        }
        return new Actor(d.user, d.name);
    }

    private String cookieKey(Headers headers) {
        for (String header : headers.values("Cookie")) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return cookies.get(p.substring(COOKIE.length() + 1)); // undecodable -> null -> nobody
                }
            }
        }
        return null;
    }

    private SimError fail(String message) {
        try {
            Thread.sleep(failedLoginDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new SimError(401, message);
    }

    private static String decodeBasic(String b64) {
        try {
            String s = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
            return s.indexOf(':') < 0 ? null : s;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
