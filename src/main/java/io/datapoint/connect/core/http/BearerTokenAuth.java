package io.datapoint.connect.core.http;

import okhttp3.Interceptor;
import okhttp3.Response;

import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.util.Objects;

/** Adds {@code Authorization: Bearer <token>} to every request. */
public final class BearerTokenAuth implements Interceptor {

    private final Password token;

    public BearerTokenAuth(Password token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(
                chain.request()
                        .newBuilder()
                        .header("Authorization", "Bearer " + token.value())
                        .build());
    }

    @Override
    public String toString() {
        return "BearerTokenAuth[hidden]";
    }
}
