package io.datapoint.connect.core.http;

import java.io.IOException;

/**
 * Obtains access tokens for {@link RefreshingTokenAuth}: a platform's login or OAuth2 token endpoint. Called under
 * the interceptor's lock, one call at a time. An implementation makes its requests through a transport without the
 * {@link RefreshingTokenAuth} interceptor (it would call itself).
 */
public interface TokenSource {

    /**
     * A new token from the configured credentials (a login, a password grant, or the configured refresh token).
     *
     * @throws HttpStatusException when the platform refused the credentials (e.g. 400 or 401); not retried
     */
    AccessToken obtain() throws IOException;

    /**
     * A fresh token from one that is about to expire (a JWT refresh or an OAuth2 refresh grant). The default logs in
     * again.
     */
    default AccessToken refresh(AccessToken current) throws IOException {
        return obtain();
    }
}
