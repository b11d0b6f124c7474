package org.estimator.account;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.estimator.web.ApiError;
import org.estimator.web.WebCookies;

/**
 * The caller of the current request, resolved once from {@code Authorization: Bearer <token>} or,
 * for the web pages, from the session cookie (whose state-changing requests {@code web.Csrf} guards).
 */
@RequestScoped
public class CurrentUser {

    private final HttpServerRequest request;
    private final Tokens tokens;
    private Optional<Principal> principal;

    CurrentUser(HttpServerRequest request, Tokens tokens) {
        this.request = request;
        this.tokens = tokens;
    }

    public Optional<Principal> optional() {
        if (principal == null) {
            if (bearer().isPresent()) {
                principal = bearer().flatMap(tokens::resolve);
                if (principal.isEmpty()) {
                    // A token that is wrong, expired or revoked is an error, not an anonymous call.
                    throw ApiError.unauthorized("The token is invalid, expired or revoked");
                }
            } else {
                // An expired or revoked session cookie just means "signed out".
                String session = WebCookies.session(request);
                principal = session == null ? Optional.empty() : tokens.resolve(session);
            }
        }
        return principal;
    }

    public Principal require() {
        return optional().orElseThrow(() -> ApiError.unauthorized("Authentication required"));
    }

    /** The raw bearer token, if one was sent. */
    Optional<String> bearer() {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The client's address (the forwarded one when a proxy is trusted), for rate limits. */
    public String clientAddress() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
    }
}
