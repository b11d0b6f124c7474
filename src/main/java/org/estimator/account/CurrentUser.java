package org.estimator.account;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

import io.vertx.core.http.HttpServerRequest;
import org.estimator.common.ApiError;
import org.estimator.web.CallerIdentity;
import org.estimator.web.Clients;
import org.estimator.web.WebCookies;

/**
 * The caller of the current request, resolved once from {@code Authorization: Bearer <token>} or,
 * for the web pages, from the session cookie (whose state-changing requests {@link CsrfFilter}
 * guards). Another kind of {@code Authorization} header (Basic, or "Bearer" with nothing after it)
 * authenticates nobody: it neither counts as a bearer token nor hides the cookie from the CSRF checks.
 */
@RequestScoped
public class CurrentUser implements CallerIdentity {

    private final HttpServerRequest request;
    private final Tokens tokens;
    private final WebCookies cookies;
    private final Clients clients;
    private Optional<Principal> principal;

    CurrentUser(HttpServerRequest request, Tokens tokens, WebCookies cookies, Clients clients) {
        this.request = request;
        this.tokens = tokens;
        this.cookies = cookies;
        this.clients = clients;
    }

    public Optional<Principal> optional() {
        if (principal == null) {
            Optional<String> bearer = bearer();
            if (bearer.isPresent()) {
                Optional<Principal> resolved = tokens.resolve(bearer.get());
                if (resolved.isEmpty()) {
                    // A token that is wrong, expired or revoked is an error, not an anonymous call.
                    throw ApiError.unauthorized("The token is invalid, expired or revoked");
                }
                principal = resolved;
            } else {
                // An expired or revoked session cookie just means "signed out".
                String session = cookies.session(request);
                principal = session == null ? Optional.empty() : tokens.resolve(session);
            }
        }
        return principal;
    }

    public Principal require() {
        return optional().orElseThrow(() -> ApiError.unauthorized("Authentication required"));
    }

    @Override
    public Optional<Long> tokenId() {
        return optional().map(Principal::tokenId);
    }

    @Override
    public Optional<Shown> shown() {
        return optional().map(p -> new Shown(p.nickname(), p.isGuest()));
    }

    /**
     * The caller when a token (bearer or cookie) is valid, without the 401 for an invalid bearer
     * token: for signing in, where a stale token must not stand in the way.
     */
    public Optional<Principal> quietly() {
        try {
            return optional();
        } catch (ApiError e) {
            return Optional.empty();
        }
    }

    /** Whether the request carries a bearer token, which (valid or not) leaves the cookie out. */
    boolean presentsBearer() {
        return bearer().isPresent();
    }

    /** The raw bearer token, if one was sent. */
    private Optional<String> bearer() {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The browser's device cookie (an earlier sign-in there), if any. */
    String deviceCookie() {
        return cookies.device(request);
    }

    /** The client's address (behind trusted proxies, the forwarded one), for rate limits. */
    public String clientAddress() {
        return clients.address(request);
    }
}
