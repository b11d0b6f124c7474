package org.estimator.account;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.estimator.config.Settings;

/**
 * Whether the single sign-on provider answers now, for the sign-in page to offer it or say it is
 * unavailable (password and guest sign-in keep working; readiness does not depend on it), and where
 * it ends a session (RP-initiated logout). Its discovery document is read with a short time limit and
 * kept for a minute (ten seconds after a failure).
 */
@ApplicationScoped
class SsoStatus {

    private record Seen(long at, boolean up, String endSession) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Optional<String> issuer;
    private final Optional<String> clientId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Seen seen = new Seen(0, false, null);

    SsoStatus(Settings settings) {
        this.issuer = settings.oidc().issuer().map(i -> i.strip().replaceAll("/+$", ""));
        this.clientId = settings.oidc().clientId();
    }

    boolean available() {
        return issuer.isPresent() && current().up();
    }

    /** The provider's end-session address that brings the person back to {@code back}, if it has one. */
    Optional<String> logout(String back) {
        String end = issuer.isPresent() ? current().endSession() : null;
        if (end == null) {
            return Optional.empty();
        }
        return Optional.of(end + (end.contains("?") ? "&" : "?") + "client_id="
                + URLEncoder.encode(clientId.orElse(""), StandardCharsets.UTF_8) + "&post_logout_redirect_uri="
                + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }

    private Seen current() {
        Seen s = seen;
        long now = System.currentTimeMillis();
        if (now - s.at() < (s.up() ? 60_000 : 10_000)) {
            return s;
        }
        Seen fresh;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer.get()
                    + "/.well-known/openid-configuration")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode doc = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            String end = doc == null || !doc.path("end_session_endpoint").isTextual()
                    ? null
                    : doc.path("end_session_endpoint").asText();
            fresh = new Seen(now, doc != null && doc.path("authorization_endpoint").isTextual(), end);
        } catch (IOException | RuntimeException e) {
            fresh = new Seen(now, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fresh = new Seen(now, false, null);
        }
        seen = fresh;
        return fresh;
    }
}
