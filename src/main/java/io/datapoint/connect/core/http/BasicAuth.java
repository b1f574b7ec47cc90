package io.datapoint.connect.core.http;

import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Response;

import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Adds HTTP Basic {@code Authorization} (UTF-8 credentials) to every request. */
public final class BasicAuth implements Interceptor {

    private final String header;

    public BasicAuth(String user, Password password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        this.header = Credentials.basic(user, password.value(), StandardCharsets.UTF_8);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request().newBuilder().header("Authorization", header).build());
    }

    @Override
    public String toString() {
        return "BasicAuth[hidden]";
    }
}
