package org.estimator.account;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import org.estimator.common.ApiError;
import org.estimator.web.CallerIdentity;
import org.estimator.web.Clients;
import org.estimator.web.WebCookies;

/**
 * The caller of the current request, by the rule of {@link TokenMechanism}: from
 * {@code Authorization: Bearer <token>} (looked up here directly), or, for the web pages, the session
 * cookie (whose state-changing requests {@link CsrfFilter} guards), or a stream ticket (both as Quarkus
 * Security resolved them). Resolved on first use.
 */
@RequestScoped
public class CurrentUser implements CallerIdentity {

    private final HttpServerRequest request;
    private final SecurityIdentity identity;
    private final WebCookies cookies;
    private final Clients clients;
    private final TokenIdentityProvider tokens;
    private Optional<Principal> principal;
    private String via;

    CurrentUser(HttpServerRequest request, SecurityIdentity identity, WebCookies cookies, Clients clients,
            TokenIdentityProvider tokens) {
        this.request = request;
        this.identity = identity;
        this.cookies = cookies;
        this.clients = clients;
        this.tokens = tokens;
    }

    public Optional<Principal> optional() {
        if (principal == null) {
            String bearer = TokenMechanism.bearer(request);
            try {
                if (bearer != null && BlockingOperationControl.isBlockingAllowed()) {
                    // The lookup Quarkus Security makes through TokenMechanism, without its lazy identity's
                    // chain of Unis around it (~4% of the server's CPU per estimate at 200/s, see
                    // bench/RESULTS.md); an @Authenticated route has looked the token up once already.
                    // On an event loop, where it may not block, Quarkus' path refuses as before.
                    principal = Optional.of(bearer(tokens, bearer));
                    via = TokenMechanism.BEARER;
                    return principal;
                }
                principal = identity.isAnonymous()
                        ? Optional.empty()
                        : Optional.ofNullable(identity.getAttribute(TokenIdentityProvider.PRINCIPAL));
                via = identity.getAttribute(TokenIdentityProvider.VIA);
            } catch (AuthenticationFailedException e) {
                throw invalid(e); // a ticket, or a bearer token on an event loop, as Quarkus Security checked it
            }
        }
        return principal;
    }

    public Principal require() {
        return optional().orElseThrow(CurrentUser::required);
    }

    /**
     * {@link #require} checked later and elsewhere: the bearer token, else the session cookie, is read
     * from the request now (by {@link TokenMechanism}'s rule; a stream ticket never counts here), and
     * looked up when the answer is asked for, on a thread that may block and without the request's
     * scope (inside the write that acts on it, on SQLite's writer thread). Same answers: the caller or 401.
     */
    public Supplier<Principal> requireLater() {
        String bearer = TokenMechanism.bearer(request);
        TokenIdentityProvider lookup = tokens;
        if (bearer != null) {
            return () -> bearer(lookup, bearer);
        }
        String session = cookies.session(request);
        return () -> {
            if (session == null) {
                throw required();
            }
            try {
                return lookup.principal(session, TokenMechanism.COOKIE);
            } catch (AuthenticationFailedException e) {
                throw required(); // an expired or revoked cookie means "signed out"
            }
        };
    }

    /** A bearer token that is wrong, expired or revoked is an error, not an anonymous call. */
    private static Principal bearer(TokenIdentityProvider lookup, String token) {
        try {
            return lookup.principal(token, TokenMechanism.BEARER);
        } catch (AuthenticationFailedException e) {
            throw invalid(e);
        }
    }

    private static ApiError invalid(AuthenticationFailedException e) {
        return ApiError
                .unauthorized(e.getMessage() != null ? e.getMessage() : "The token is invalid, expired or revoked");
    }

    private static ApiError required() {
        return ApiError.unauthorized("Authentication required");
    }

    /** Whether the caller came with a stream ticket (not a bearer token or the cookie). */
    public boolean byTicket() {
        return optional().isPresent() && TokenMechanism.TICKET.equals(via);
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
        return TokenMechanism.bearer(request) != null;
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
