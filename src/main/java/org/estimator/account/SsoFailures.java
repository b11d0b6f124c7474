package org.estimator.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.estimator.config.OidcConfigSourceFactory;
import org.jboss.logging.Logger;

/**
 * What a person sees when the sign-in through the provider fails before Estimator's page runs: Quarkus
 * OIDC would answer a bare 401 (an answer it could not verify: a changed state, a code used twice,
 * another issuer's token) or a 500 (the provider does not answer). Both go back to the sign-in page,
 * which says what happened and keeps the other ways in.
 */
@ApplicationScoped
class SsoFailures {

    private static final Logger LOG = Logger.getLogger(SsoFailures.class);

    void install(@Observes Router router) {
        router.route(OidcConfigSourceFactory.START + "*").order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void failed(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        // An answer that did not check out (its code exchange fails with an OIDCException inside) is
        // "refused"; an OIDCException alone is the provider not answering.
        boolean refused = causedBy(rc.failure(), AuthenticationCompletionException.class)
                || causedBy(rc.failure(), AuthenticationFailedException.class);
        boolean away = !refused && causedBy(rc.failure(), OIDCException.class);
        if (!away && !refused) {
            rc.next(); // the way to the provider (a redirect Quarkus OIDC signals as a failure), or a real error
            return;
        }
        LOG.infof("Sign-in through the provider failed (%s): %s", away ? "provider unavailable" : "refused",
                rc.failure().toString());
        rc.response().setStatusCode(303).putHeader("Location", "/signin?problem=" + (away ? "unavailable" : "failed"))
                .putHeader("Cache-Control", "no-store").end();
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
