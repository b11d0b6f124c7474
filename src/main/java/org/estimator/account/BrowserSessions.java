package org.estimator.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.web.RoutingContext;
import org.estimator.web.WebCookies;

/**
 * Signs a browser in (with a password, by registering, or through single sign-on): the new session in
 * its cookie, a device cookie when the sign-in made one, and the browser's earlier sign-in, if any,
 * ended (its cookie is read directly: on the single sign-on path the request's identity is the
 * provider's, not Estimator's).
 */
@ApplicationScoped
class BrowserSessions {

    private final Tokens tokens;
    private final WebCookies cookies;

    BrowserSessions(Tokens tokens, WebCookies cookies) {
        this.tokens = tokens;
        this.cookies = cookies;
    }

    void start(RoutingContext rc, Tokens.Issued session, Tokens.Issued device) {
        String earlier = cookies.session(rc.request());
        if (earlier != null) {
            tokens.resolve(earlier).ifPresent(tokens::replaced);
        }
        cookies.signIn(rc, session.token(), session.expiresAt());
        if (device != null) {
            cookies.device(rc, device.token(), device.expiresAt());
        }
    }
}
