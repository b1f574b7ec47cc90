package io.datapoint.connect.hexoskin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.LongSupplier;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.kafka.common.config.types.Password;

/**
 * Hexoskin's API-key request signing together with the user's HTTP Basic login. Every request gets
 * {@code Authorization: Basic base64(user:password)}, {@code X-HEXOTIMESTAMP: <unix seconds>},
 * {@code X-HEXOAPIKEY: <public key>} and {@code X-HEXOAPISIGNATURE: hex(SHA1(secret + timestamp + url))}, where
 * {@code url} is the full request URL exactly as sent (scheme, host, path and encoded query). The signature does not
 * cover the method or the body. Retries pass through again, so each attempt carries a fresh timestamp.
 */
public final class HexoskinSigner implements Interceptor {

    static final String TIMESTAMP = "X-HEXOTIMESTAMP";
    static final String API_KEY = "X-HEXOAPIKEY";
    static final String SIGNATURE = "X-HEXOAPISIGNATURE";

    private final String apiKey;
    private final Password secret;
    private final String basic;
    private final LongSupplier epochSeconds;

    /** Signs with the system clock. */
    public HexoskinSigner(String apiKey, Password secret, String user, Password password) {
        this(apiKey, secret, user, password, () -> System.currentTimeMillis() / 1000);
    }

    HexoskinSigner(String apiKey, Password secret, String user, Password password, LongSupplier epochSeconds) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.basic = Credentials.basic(Objects.requireNonNull(user, "user"),
            Objects.requireNonNull(password, "password").value(), StandardCharsets.UTF_8);
        this.epochSeconds = epochSeconds;
    }

    /** The lowercase hex SHA-1 of {@code secret + timestamp + url}. */
    static String signature(String secret, long timestamp, String url) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((secret + timestamp + url).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        long ts = epochSeconds.getAsLong();
        String url = request.url().toString();
        return chain.proceed(request.newBuilder()
            .header("Authorization", basic)
            .header(TIMESTAMP, Long.toString(ts))
            .header(API_KEY, apiKey)
            .header(SIGNATURE, signature(secret.value(), ts, url))
            .build());
    }

    @Override
    public String toString() {
        return "HexoskinSigner[key=" + apiKey + ", secret hidden]";
    }
}
