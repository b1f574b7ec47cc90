package io.datapoint.connect.core.http;

import okhttp3.OkHttpClient;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Loads a trust store file into an OkHttp client's TLS settings. */
final class TrustStores {

    private TrustStores() {}

    static void apply(OkHttpClient.Builder builder, String path, Password password, String type) {
        X509TrustManager trustManager = load(path, password, type);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            builder.sslSocketFactory(context.getSocketFactory(), trustManager);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    "Cannot set up TLS with trust store " + path + ": " + e.getMessage());
        }
    }

    static X509TrustManager load(String path, Password password, String type) {
        String storeType = type != null ? type : guessType(path);
        char[] secret =
                password == null || password.value() == null
                        ? null
                        : password.value().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(storeType);
            store.load(in, secret);
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast)
                    .findFirst()
                    .orElseThrow(() ->
                            new ConfigException(
                                    "Trust store " + path + " yields no X.509 trust manager"));
        } catch (IOException | GeneralSecurityException e) {
            // the message of a wrong password names no secret; keep it for the user
            throw new ConfigException(
                    "Cannot load "
                            + storeType
                            + " trust store "
                            + path
                            + " (check the path, type and password): "
                            + e.getMessage());
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private static String guessType(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".p12") || lower.endsWith(".pfx") ? "PKCS12" : "JKS";
    }
}
