package org.estimator.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.estimator.common.ApiError;
import org.estimator.config.Settings;

/**
 * Every call Estimator makes to another server goes through here, so the rules are in one place:
 * only to {@code https} addresses that resolve to public addresses (a group's owner must not make
 * the server reach its own network: loopback, private, link-local and cloud-metadata addresses are
 * refused unless the operator allows the host), no redirects followed, a time limit per call, a
 * limit on the answer's size, and a rate limit ({@code 429}, {@code Retry-After}) honoured: a short
 * wait is waited, a long one ends the call with the time to wait.
 *
 * <p>The address is checked when a connection is saved and again before every call. The name is
 * resolved again by the HTTP client when it connects, so a host whose DNS answer changes in between
 * could still slip through (DNS rebinding); a proxy that enforces egress rules closes that gap.
 */
@ApplicationScoped
class Outbound {

    /** An answer: its status, body and headers. */
    record Reply(int status, String body, HttpHeaders headers) {

        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body.isEmpty() ? "null" : body);
            } catch (IOException e) {
                throw TrackerFailure.permanent("The tracker's answer is not JSON");
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 8 << 20;
    /** A rate limit's wait up to this long is waited within the call; a longer one ends it. */
    private static final long WAIT_WITHIN_CALL = 2;

    private final HttpClient http;
    private final Duration timeout;
    private final Set<String> allowed;

    Outbound(Settings settings) {
        this.timeout = settings.integrations().timeout();
        this.allowed = TrackerSettings.hosts(settings.integrations().allowedHosts().orElse(null));
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * A tracker's base address as a connection stores it, without a trailing slash; 400 naming the
     * field when it is not one this server may call. A name that does not resolve now is accepted (it
     * is checked again before every call).
     */
    String baseUrl(String field, String value) {
        URI uri;
        try {
            uri = new URI(value.strip().replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw ApiError.invalid(field + " is not a valid address: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw ApiError.invalid(field + " must be an address like https://tracker.example.com (no user, query "
                    + "or fragment)");
        }
        try {
            guard(uri, true);
        } catch (TrackerFailure e) {
            throw ApiError.invalid(field + ": " + e.getMessage());
        }
        return uri.toString();
    }

    /** Refuses an address this server may not call. */
    private void guard(URI uri, boolean unresolvedIsFine) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (allowed.contains(host) && (scheme.equals("https") || scheme.equals("http"))) {
            return;
        }
        if (!scheme.equals("https")) {
            throw TrackerFailure.permanent("a tracker is reached over https only (" + host
                    + " may use http if the operator allows it in ESTIMATOR_INTEGRATIONS_ALLOWED_HOSTS)");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            if (unresolvedIsFine) {
                return;
            }
            throw TrackerFailure.temporary("The name " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw TrackerFailure.permanent(host + " resolves to a loopback, private or link-local address ("
                        + address.getHostAddress()
                        + "); the operator may allow it in ESTIMATOR_INTEGRATIONS_ALLOWED_HOSTS");
            }
        }
    }

    /** Whether an address is on the public internet (not this host, a private network, link-local or reserved). */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            return !(b0 == 0 || b0 >= 224 // "this network", multicast and reserved
                    || (b0 == 100 && (b1 & 0xc0) == 64) // 100.64.0.0/10, carrier-grade NAT
                    || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24, protocol assignments
                    || (b0 == 198 && (b1 & 0xfe) == 18)); // 198.18.0.0/15, benchmarking
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // fc00::/7, unique local
            }
            boolean mapped = true; // ::ffff:a.b.c.d, and 64:ff9b::a.b.c.d (NAT64): the IPv4 address inside decides
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                    && (b[3] & 0xff) == 0x9b;
            if ((mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || nat64) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Sends a request for {@code tracker} (its name, for messages) and returns its answer, whatever
     * its status; fails when the address may not be called, the tracker is unreachable or slow, the
     * answer is too large, or it asks to wait longer than a call waits.
     */
    Reply send(String tracker, HttpRequest.Builder request) {
        HttpRequest built = request.timeout(timeout).build();
        guard(built.uri(), false);
        for (int attempt = 0;; attempt++) {
            Reply reply = once(tracker, built);
            long wait = rateLimitWait(reply);
            if (wait < 0) {
                return reply;
            }
            if (wait > WAIT_WITHIN_CALL || attempt == 2) {
                throw TrackerFailure.rateLimited(tracker, Math.max(1, wait));
            }
            try {
                Thread.sleep(Math.max(200, wait * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TrackerFailure.temporary("The call to " + tracker + " was interrupted");
            }
        }
    }

    private Reply once(String tracker, HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw TrackerFailure.permanent(tracker + "'s answer is larger than " + (MAX_BODY >> 20) + " MB");
                }
                return new Reply(response.statusCode(), new String(body, StandardCharsets.UTF_8), response.headers());
            }
        } catch (HttpTimeoutException e) {
            throw TrackerFailure.timedOut(tracker, timeout.toSeconds());
        } catch (IOException e) {
            throw TrackerFailure.temporary(tracker + " cannot be reached at " + request.uri().getHost() + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrackerFailure.temporary("The call to " + tracker + " was interrupted");
        }
    }

    /**
     * How long a rate-limited answer asks to wait, in seconds, or -1 when it is not rate-limited: 429
     * with {@code Retry-After} (seconds or a date), or GitHub's 403 with no requests left until
     * {@code x-ratelimit-reset}. Without a hint: a minute.
     */
    static long rateLimitWait(Reply reply) {
        boolean exhausted = reply.status() == 403 && "0".equals(reply.header("x-ratelimit-remaining"));
        if (reply.status() != 429 && !exhausted) {
            return -1;
        }
        String retryAfter = reply.header("Retry-After");
        if (retryAfter != null) {
            try {
                return Math.max(0, Long.parseLong(retryAfter.strip()));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Math.max(0, Duration.between(ZonedDateTime.now(), at).toSeconds());
                } catch (DateTimeParseException ignored) {
                    // neither form: the default below
                }
            }
        }
        String reset = reply.header("x-ratelimit-reset");
        if (reset != null) {
            try {
                return Math.max(0, Long.parseLong(reset.strip()) - System.currentTimeMillis() / 1000);
            } catch (NumberFormatException ignored) {
                // the default below
            }
        }
        return 60;
    }
}
