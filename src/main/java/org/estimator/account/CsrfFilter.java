package org.estimator.account;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import io.vertx.ext.web.RoutingContext;
import org.estimator.web.Csrf;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link Csrf}'s checks to every state-changing request that the session cookie may
 * authenticate. A request with a bearer token is never authenticated by the cookie (a valid token
 * authenticates it, an invalid one gets 401 wherever a caller is needed), so it is exempt; any other
 * {@code Authorization} header (Basic credentials a browser cached, "Bearer" with nothing after it)
 * leaves the cookie in charge and the checks apply. It runs first among the filters (before
 * idempotency keys are claimed).
 */
class CsrfFilter {

    private final CurrentUser caller;
    private final Csrf csrf;

    CsrfFilter(CurrentUser caller, Csrf csrf) {
        this.caller = caller;
        this.csrf = csrf;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    void check(ContainerRequestContext request, RoutingContext rc) {
        if (Csrf.safe(request.getMethod()) || caller.presentsBearer()) {
            return;
        }
        csrf.check(request, rc);
    }
}
