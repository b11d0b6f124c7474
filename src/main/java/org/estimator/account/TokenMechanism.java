package org.estimator.account;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.estimator.web.WebCookies;

/**
 * How a request proves who sends it, for Quarkus Security: {@code Authorization: Bearer <token>} (a
 * session, personal API or guest token), else the web pages' session cookie, else (on an event stream)
 * a single-use {@code ?ticket=}. The opaque tokens are checked by {@link TokenIdentityProvider}.
 *
 * <p>A bearer token that is wrong, expired or revoked fails the request (401 wherever a caller is
 * needed); an expired or revoked cookie just means "signed out". Any other {@code Authorization}
 * header (Basic credentials a browser cached, "Bearer" with nothing after it) authenticates nobody and
 * leaves the cookie in charge. Identities are resolved lazily (only when a request asks who calls).
 */
@ApplicationScoped
class TokenMechanism implements HttpAuthenticationMechanism {

    static final String BEARER = "bearer";
    static final String COOKIE = "cookie";
    static final String TICKET = "ticket";

    private final WebCookies cookies;

    TokenMechanism(WebCookies cookies) {
        this.cookies = cookies;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext rc, IdentityProviderManager identities) {
        String bearer = bearer(rc.request());
        if (bearer != null) {
            return identities.authenticate(request(bearer, BEARER, rc));
        }
        String session = cookies.session(rc.request());
        Uni<SecurityIdentity> cookie = session == null
                ? Uni.createFrom().nullItem()
                : identities.authenticate(request(session, COOKIE, rc)).onFailure().recoverWithNull();
        String ticket = ticket(rc);
        return ticket == null
                ? cookie
                : cookie.onItem().ifNull().switchTo(() -> identities.authenticate(request(ticket, TICKET, rc)));
    }

    /**
     * One of Estimator's opaque tokens to check. Its own type, not Quarkus' TokenAuthenticationRequest:
     * Quarkus OIDC hands its ID tokens to the providers of that type, and which of two providers of one
     * type runs first is not defined.
     */
    static final class OpaqueToken extends BaseAuthenticationRequest {

        final String token;
        final String kind;

        OpaqueToken(String token, String kind) {
            this.token = token;
            this.kind = kind;
        }
    }

    private static AuthenticationRequest request(String token, String kind, RoutingContext rc) {
        return HttpSecurityUtils.setRoutingContextAttribute(new OpaqueToken(token, kind), rc);
    }

    /** The raw bearer token, if one was sent: "Bearer " and something after it. */
    static String bearer(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** A stream ticket: only on a group's event stream, which an EventSource opens without headers. */
    private static String ticket(RoutingContext rc) {
        String path = rc.normalizedPath();
        return path.startsWith("/rest/v1/group/") && path.endsWith("/events")
                ? rc.request().getParam("ticket")
                : null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(OpaqueToken.class);
    }
}
