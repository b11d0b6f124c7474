package org.estimator.web;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.estimator.config.Settings;

/**
 * The browser's cookies: the session (its token is the same kind the REST API hands out), the CSRF
 * token and the device cookie (proof of an earlier sign-in, see {@code account.Accounts#signIn}).
 * All are HttpOnly and SameSite=Lax, and Secure unless the operator serves plain HTTP; Secure cookies
 * carry the {@code __Host-} prefix, so that a sibling subdomain cannot set or shadow them.
 */
@ApplicationScoped
public class WebCookies {

    private final boolean secure;
    private final String session;
    private final String csrf;
    private final String device;
    private final String lang;
    private final String theme;

    WebCookies(Settings settings) {
        boolean secure = settings.web().secureCookies();
        this.secure = secure;
        String prefix = secure ? "__Host-" : "";
        this.session = prefix + "estimator_session";
        this.csrf = prefix + "estimator_csrf";
        this.device = prefix + "estimator_device";
        this.lang = prefix + "estimator_lang";
        this.theme = prefix + "estimator_theme";
    }

    /** Signs the browser in with a session token that expires at {@code expiresAt} (epoch ms). */
    public void signIn(RoutingContext rc, String token, long expiresAt) {
        rc.response().addCookie(cookie(session, token).setMaxAge(secondsUntil(expiresAt)));
    }

    public void signOut(RoutingContext rc) {
        rc.response().addCookie(cookie(session, "").setMaxAge(0));
    }

    /** The session token the browser sent, if any. */
    public String session(HttpServerRequest request) {
        return value(request, session);
    }

    /** Remembers that this browser signed in to an account, until {@code expiresAt}. */
    public void device(RoutingContext rc, String token, long expiresAt) {
        rc.response().addCookie(cookie(device, token).setMaxAge(secondsUntil(expiresAt)));
    }

    public String device(HttpServerRequest request) {
        return value(request, device);
    }

    /** The language this browser chose in the footer, if any. */
    String lang(HttpServerRequest request) {
        return value(request, lang);
    }

    /** The theme this browser chose in the footer, if any. */
    String theme(HttpServerRequest request) {
        return value(request, theme);
    }

    /** Remembers the browser's language and theme for a year (null: forget, and follow the browser). */
    void preferences(RoutingContext rc, String language, String chosenTheme) {
        long year = Duration.ofDays(365).toSeconds();
        rc.response().addCookie(cookie(lang, language == null ? "" : language).setMaxAge(language == null ? 0 : year));
        rc.response().addCookie(cookie(theme, chosenTheme).setMaxAge(year));
    }

    String csrf(HttpServerRequest request) {
        return value(request, csrf);
    }

    void csrf(RoutingContext rc, String token) {
        rc.response().addCookie(cookie(csrf, token).setMaxAge(Duration.ofDays(400).toSeconds()));
    }

    private static String value(HttpServerRequest request, String name) {
        Cookie c = request.getCookie(name);
        return c == null || c.getValue().isEmpty() ? null : c.getValue();
    }

    private static long secondsUntil(long epochMillis) {
        return Math.max(1, (epochMillis - System.currentTimeMillis()) / 1000);
    }

    private Cookie cookie(String name, String value) {
        return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.LAX);
    }
}
