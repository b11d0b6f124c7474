package org.estimator.web;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.estimator.config.Settings;

/**
 * Who a request comes from and how it reached us, for rate limits, HSTS and links. The connection's
 * peer is the client, unless it is a trusted proxy: then {@code X-Forwarded-For} is read from the
 * right, and the first hop that is not a trusted proxy is the client (the leftmost entries are
 * whatever the client chose to send, so they never count).
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // a malformed setting stops start-up, not the first request
public class Clients {

    private static final Pattern HOST = Pattern
            .compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final TrustedProxies trusted;
    private final Optional<String> publicUrl;

    Clients(Settings settings) {
        Optional<String> trustedProxies = settings.web().trustedProxies();
        Optional<String> publicUrl = settings.web().publicUrl();
        this.trusted = TrustedProxies.parse(trustedProxies.orElse(""));
        this.publicUrl = publicUrl.map(String::strip).filter(s -> !s.isEmpty()).map(Clients::checkPublicUrl);
    }

    /** The public URL without a trailing slash; a malformed one fails with a message naming the setting. */
    public static String checkPublicUrl(String url) {
        if (!url.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new IllegalArgumentException("ESTIMATOR_PUBLIC_URL '" + url
                    + "' is not an http(s) URL such as https://estimator.example.com");
        }
        return url.replaceAll("/+$", "");
    }

    /** The client's address: the peer, or behind trusted proxies the rightmost untrusted forwarded hop. */
    public String address(HttpServerRequest request) {
        String peer = peer(request);
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        List<String> hops = request.headers().getAll("X-Forwarded-For").stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(",")))
                .map(Clients::withoutPort)
                .filter(h -> !h.isEmpty())
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (TrustedProxies.bytes(hop) == null) {
                return peer; // garbage where an address should be: trust nothing further left
            }
            if (!trusted.contains(hop)) {
                return hop;
            }
        }
        return hops.isEmpty() ? peer : hops.get(0);
    }

    /** Whether the client reached us over HTTPS: directly, or as a trusted proxy says. */
    public boolean https(HttpServerRequest request) {
        if (request.isSSL()) {
            return true;
        }
        return !trusted.isEmpty() && trusted.contains(peer(request))
                && "https".equalsIgnoreCase(first(request.getHeader("X-Forwarded-Proto")));
    }

    /**
     * Where this service is reached, without a trailing slash: {@code ESTIMATOR_PUBLIC_URL} when set,
     * otherwise the scheme and host the request names (a trusted proxy's forwarded ones).
     */
    public String base(HttpServerRequest request) {
        if (publicUrl.isPresent()) {
            return publicUrl.get();
        }
        String host = trusted.contains(peer(request)) ? first(request.getHeader("X-Forwarded-Host")) : null;
        if (host == null || !HOST.matcher(host).matches()) {
            host = request.getHeader("Host");
        }
        if (host == null || !HOST.matcher(host).matches()) {
            host = "localhost";
        }
        return (https(request) ? "https://" : "http://") + host;
    }

    /**
     * The base for a link that carries a secret (an invitation code): only the configured public
     * URL, never the request's Host, which the client chose. Without one the link is relative to the
     * server the client called (""), and the pages complete it from the browser's own address.
     */
    public String secretBase() {
        return publicUrl.orElse("");
    }

    private static String peer(HttpServerRequest request) {
        SocketAddress remote = request.connection() != null
                ? request.connection().remoteAddress()
                : request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }

    /** "203.0.113.7:51000" and "[2001:db8::1]:443" are addresses with a port: keep the address. */
    private static String withoutPort(String hop) {
        String h = hop.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon > 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
    }
}
