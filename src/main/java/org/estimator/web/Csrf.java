package org.estimator.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.estimator.common.ApiError;
import org.estimator.common.Secrets;

/**
 * Cross-site request forgery protection for everything a browser does with its cookies.
 *
 * <p>A state-changing request (not GET/HEAD/OPTIONS) that no valid bearer token authenticates is
 * refused when the browser says it comes from another site ({@code Sec-Fetch-Site}, {@code Origin}).
 * On top of that it must carry the CSRF token, a random value the browser holds in an HttpOnly
 * cookie and the page repeats: scripts send it as {@code X-CSRF-Token} (checked by
 * {@code account.CsrfFilter} for the API), forms as the field {@code csrf} (checked by
 * {@link #requireForm} in each form handler, because a filter cannot read a form without consuming
 * it). A call that a valid bearer token authenticates is not affected: a browser never adds such a
 * header on its own (it may add cached Basic credentials, which is why only a valid bearer counts).
 */
@ApplicationScoped
public class Csrf {

    public static final String HEADER = "X-CSRF-Token";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Csrf.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String FRESH = "estimator.csrf.fresh";
    public static final String REFUSED = "This request came from another site or from an outdated page; reload the page and try again";

    private final WebCookies cookies;

    Csrf(WebCookies cookies) {
        this.cookies = cookies;
    }

    /** Gives every browser that opens a page its CSRF token (once; the cookie lasts). */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            if (rc.request().method() == HttpMethod.GET && isPage(rc.normalizedPath())
                    && cookies.csrf(rc.request()) == null) {
                String token = Secrets.newToken();
                rc.put(FRESH, token);
                cookies.csrf(rc, token);
            }
            rc.next();
        });
    }

    /** The token the current page must repeat. */
    public String token(RoutingContext rc) {
        String fresh = rc.get(FRESH);
        if (fresh != null) {
            return fresh;
        }
        String c = cookies.csrf(rc.request());
        return c == null ? "" : c;
    }

    public static boolean safe(String method) {
        return SAFE.contains(method);
    }

    /**
     * The checks for a state-changing request that no bearer token authenticates: refused when it
     * comes from another site, or when it is an API call with a session cookie but without the token.
     */
    public void check(ContainerRequestContext request, RoutingContext rc) {
        if (crossSite(request)) {
            LOG.debugf("refused a cross-site %s %s (Origin %s, Sec-Fetch-Site %s)", request.getMethod(),
                    rc.normalizedPath(),
                    request.getHeaderString("Origin"), request.getHeaderString("Sec-Fetch-Site"));
            throw ApiError.forbidden(REFUSED);
        }
        boolean api = !isPage(rc.normalizedPath());
        if (api && cookies.session(rc.request()) != null && !matches(rc, request.getHeaderString(HEADER))) {
            LOG.debugf("refused %s %s: no or a wrong %s header", request.getMethod(), rc.normalizedPath(), HEADER);
            throw ApiError.forbidden(REFUSED);
        }
    }

    /** A form handler's check of the form's {@code csrf} field. */
    public void requireForm(RoutingContext rc, String formToken) {
        if (!matches(rc, formToken)) {
            LOG.debugf("refused %s %s: no or a wrong csrf field", rc.request().method(), rc.normalizedPath());
            throw ApiError.forbidden(REFUSED);
        }
    }

    private boolean matches(RoutingContext rc, String given) {
        String c = cookies.csrf(rc.request());
        return c != null && given != null && !given.isEmpty()
                && MessageDigest.isEqual(c.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the browser says about where the request comes from (non-browser clients say nothing).
     * {@code Sec-Fetch-Site} decides when present: the pages' {@code Referrer-Policy: no-referrer}
     * makes Chromium send {@code Origin: null} even for this site's own forms. Browsers without it
     * are judged by {@code Origin}.
     */
    private static boolean crossSite(ContainerRequestContext request) {
        String site = request.getHeaderString("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            return false;
        }
        String host = request.getHeaderString("Host");
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host == null || o.getHost() == null
                    || !authority.equalsIgnoreCase(withoutDefaultPort(host, o.getScheme()));
        } catch (IllegalArgumentException e) {
            return true; // "null" (a sandboxed or data: page) or garbage
        }
    }

    private static String withoutDefaultPort(String host, String scheme) {
        if (("http".equals(scheme) && host.endsWith(":80")) || ("https".equals(scheme) && host.endsWith(":443"))) {
            return host.substring(0, host.lastIndexOf(':'));
        }
        return host;
    }

    /** Pages are everything a browser navigates to; the API, health and metrics live under these. */
    public static boolean isPage(String path) {
        return path != null && !path.startsWith("/rest/") && !path.startsWith("/q/");
    }
}
