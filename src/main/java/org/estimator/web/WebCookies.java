package org.estimator.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The browser's cookies: the session (its token is the same kind the REST API hands out) and the
 * CSRF token. Both are HttpOnly and SameSite=Lax, and Secure unless the operator serves plain HTTP.
 */
@ApplicationScoped
public class WebCookies {

    public static final String SESSION = "estimator_session";
    static final String CSRF = "estimator_csrf";

    private final boolean secure;

    WebCookies(@ConfigProperty(name = "estimator.web.secure-cookies") boolean secure) {
        this.secure = secure;
    }

    /** Signs the browser in with a session token that expires at {@code expiresAt} (epoch ms). */
    public void signIn(RoutingContext rc, String token, long expiresAt) {
        long seconds = Math.max(1, (expiresAt - System.currentTimeMillis()) / 1000);
        rc.response().addCookie(cookie(SESSION, token).setMaxAge(seconds));
    }

    public void signOut(RoutingContext rc) {
        rc.response().addCookie(cookie(SESSION, "").setMaxAge(0));
    }

    /** The session token the browser sent, if any. */
    public static String session(HttpServerRequest request) {
        Cookie c = request.getCookie(SESSION);
        return c == null || c.getValue().isEmpty() ? null : c.getValue();
    }

    void csrf(RoutingContext rc, String token) {
        rc.response().addCookie(cookie(CSRF, token).setMaxAge(Duration.ofDays(400).toSeconds()));
    }

    private Cookie cookie(String name, String value) {
        return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.LAX);
    }
}
