package org.estimator.account;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.estimator.web.ApiError;

/** The caller of the current request, resolved once from {@code Authorization: Bearer <token>}. */
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
            principal = bearer().flatMap(tokens::resolve);
            if (principal.isEmpty() && bearer().isPresent()) {
                // A token that is wrong, expired or revoked is an error, not an anonymous call.
                throw ApiError.unauthorized("The token is invalid, expired or revoked");
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
