package org.estimator.web;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP rules that hold for every response under {@code /rest/}, whoever produced it.
 */
@Singleton
class HttpSetup {

    static final String JSON = "application/json";

    /** Quarkus enforces the same limit, but answers it without a body; this answers JSON first. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    /**
     * The longest request line answered normally. The HTTP server itself accepts lines up to
     * {@code quarkus.http.limits.max-initial-line-length} (set higher), so that a longer request up to
     * that reaches this code and gets a JSON 414; beyond it the server answers a bare 414.
     */
    static final int MAX_URI = 4096;

    @Inject
    Clients clients;

    static final String REQUEST_ID = "X-Request-Id";
    @Inject
    org.estimator.config.Settings settings;

    /**
     * Forms post to this site only; with single sign-on, one may end at the provider too (signing out of
     * both redirects there, and browsers apply form-action to a form's redirects).
     */
    static String pagePolicy(java.util.Optional<String> issuer) {
        String provider = issuer.map(java.net.URI::create).filter(u -> u.getScheme() != null && u.getHost() != null)
                .map(u -> " " + u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()))
                .orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action 'self'" + provider + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }
    /** Reads an API request's body before the resource (see everyRequest); over the limit, a JSON 413. */
    private BodyHandler body;
    private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void install(@Observes Router router) {
        String pagePolicy = pagePolicy(settings.oidc().issuer().map(String::strip));
        // One handler for all of it: every route the router tries costs each request a match.
        router.route().order(Integer.MIN_VALUE).handler(rc -> everyRequest(rc, pagePolicy));
        body = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
        // Paths under /rest/ that no resource claims, and failures before a resource runs
        // (oversized bodies, bad requests), answer JSON instead of the default HTML page.
        router.route("/rest/*").order(Integer.MAX_VALUE).handler(rc -> answer(rc, 404));
        router.route("/rest/*").order(Integer.MAX_VALUE).failureHandler(rc -> {
            int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
            answer(rc, status);
        });
    }

    private void everyRequest(RoutingContext rc, String pagePolicy) {
        HttpServerResponse response = rc.response();
        // Every request gets an id: the caller's X-Request-Id when it is a plain token (a proxy's),
        // otherwise a new one. It is returned as a header, logged with every line of the request
        // (MDC) and quoted in 500 answers, so a user's report leads to the log lines.
        String id = rc.request().getHeader(REQUEST_ID);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        }
        org.jboss.logging.MDC.put("requestId", id);
        response.putHeader(REQUEST_ID, id);
        // Every answer: no MIME sniffing; HSTS when the client came over HTTPS (directly, or as a
        // trusted proxy says), so the browser never tries plain HTTP again.
        response.putHeader("X-Content-Type-Options", "nosniff");
        if (clients.https(rc.request())) {
            response.putHeader("Strict-Transport-Security", "max-age=31536000");
        }
        if (rc.request().uri().length() > MAX_URI) {
            answer(rc, 414);
            return;
        }
        String path = rc.normalizedPath();
        if (Csrf.isPage(path)) {
            // Pages: scripts and styles only from this site (no inline script, so injected markup
            // cannot run), no framing, and no Referer header that could carry an invite code to
            // another site. A page shows one person's view of a group at one moment: never from a cache.
            response.putHeader("Content-Security-Policy", pagePolicy)
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Frame-Options", "DENY");
            rc.addHeadersEndHandler(v -> {
                String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
                if (type != null && type.startsWith("text/html")) {
                    response.headers().set(HttpHeaders.CACHE_CONTROL, "no-store");
                }
            });
        }
        if (path.equals("/rest") || path.startsWith("/rest/")) {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isLonger(length, maxBodySize.asLongValue())) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
                answer(rc, 413);
                return;
            }
            // Quarkus REST answers "application/json;charset=UTF-8"; the API contract is exactly
            // "application/json" (JSON is UTF-8 by definition). Rewritten just before headers are sent
            // so that every producer, including framework errors, is covered. API answers hold
            // members' names, tokens and codes: no cache keeps them (a route may say otherwise).
            rc.addHeadersEndHandler(v -> {
                String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
                if (type != null && type.startsWith(JSON)) {
                    response.headers().set(HttpHeaders.CONTENT_TYPE, JSON);
                }
                if (!response.headers().contains(HttpHeaders.CACHE_CONTROL)) {
                    response.headers().set(HttpHeaders.CACHE_CONTROL, "no-store");
                }
            });
            if (hasBody(rc.request(), length)) {
                // The body is read whole here, on the event loop, before the resource runs. Otherwise
                // Quarkus REST reads a blocking resource's body from its worker thread, which then
                // waits for the event loop to hand it over: under live load a PUT's median time in
                // the server went from 175 to 23 ms with this (bench/RESULTS.md, 2026-12-06 morning).
                // Only for an HTTP/1 request that announces a body: Quarkus REST would wait forever for
                // the body of one that the handler saw end without any.
                body.handle(rc); // then the next handler
                return;
            }
        }
        rc.next();
    }

    /** {@code length}: the request's Content-Length header, null without one. */
    private static boolean hasBody(HttpServerRequest request, String length) {
        if (request.version() == HttpVersion.HTTP_2) {
            return false; // Vert.x's body handler fails these (500), and Quarkus REST reads them as before
        }
        return length != null ? isLonger(length, 0) : request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean isLonger(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP server itself refuses a malformed Content-Length
        }
    }

    private static void answer(RoutingContext rc, int status) {
        if (rc.response().ended()) {
            return; // Vert.x answered already
        }
        if (rc.response().headWritten()) {
            rc.response().end();
            return;
        }
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(new JsonObject().put("message", FrameworkMessages.of(status)).encode());
    }
}
