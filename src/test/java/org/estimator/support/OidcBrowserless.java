package org.estimator.support;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a window for the single sign-on tests: it keeps cookies per host and follows
 * redirects only when told, so a test can walk the authorization-code flow step by step through the
 * real Keycloak (its own login form) and tamper with a step.
 */
public final class OidcBrowserless {

    public static final String KEYCLOAK = "http://127.0.0.1:8180";
    public static final String PASSWORD = "sso-test-password-1234";

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    /**
     * Keycloak marks its cookies Secure even over plain http; browsers keep such cookies for loopback
     * (a secure context) and send them back, Java's cookie store would not: the flag is dropped here.
     */
    private final java.net.CookieHandler loopbackCookies = new java.net.CookieHandler() {

        @Override
        public Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> headers)
                throws java.io.IOException {
            return cookies.get(uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, java.util.List<String>> headers) throws java.io.IOException {
            Map<String, java.util.List<String>> plain = new java.util.HashMap<>();
            headers.forEach((name, values) -> plain.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure", "")).toList()
                    : values));
            cookies.put(uri, plain);
        }
    };
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(loopbackCookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no redirect: " + r.statusCode() + " " + r.uri()));
    }

    /** The value of a cookie this browser holds for {@code host}, or null. */
    public String cookie(String url, String name) {
        return cookies.getCookieStore().get(URI.create(url)).stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** The first cookie this browser holds whose name starts with {@code prefix}. */
    public java.net.HttpCookie cookieStartingWith(String prefix) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + prefix + "*"));
    }

    /** Puts a cookie into this browser for {@code url}'s host, as a replaying attacker would. */
    public void addCookie(String url, java.net.HttpCookie cookie) {
        cookies.getCookieStore().add(URI.create(url), cookie);
    }

    /**
     * Follows a redirect to the provider's login page and signs in there as {@code username}; returns
     * the provider's answer: its redirect back to the application's callback (with code and state).
     */
    public String signInAtProvider(String authorizationUrl, String username) {
        HttpResponse<String> page = get(authorizationUrl);
        if (page.statusCode() != 200) {
            throw new AssertionError("the provider's login page: " + page.statusCode() + " " + page.body());
        }
        Matcher action = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(page.body());
        if (!action.find()) {
            throw new AssertionError("no login form at the provider: " + page.body());
        }
        HttpResponse<String> answer = post(action.group(1).replace("&amp;", "&"),
                Map.of("username", username, "password", PASSWORD, "credentialId", ""));
        return location(answer);
    }

    /**
     * Makes a new person in a realm of the test Keycloak (through its admin API, as the admin of
     * .ci/keycloak.sh's development server), with a verified email, {@link #PASSWORD} and the groups
     * given: a subject and an address no earlier run used, as the test databases keep accounts from run
     * to run. Returns the username, {@code name} followed by a suffix of this run.
     */
    public static String newPerson(String realm, String name, String domain, String... groups) {
        String username = name + "-" + Long.toString(System.nanoTime(), 36);
        OidcBrowserless admin = new OidcBrowserless();
        HttpResponse<String> token = admin.post(KEYCLOAK + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
        Matcher access = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
        if (token.statusCode() != 200 || !access.find()) {
            throw new AssertionError("Keycloak's admin token: " + token.statusCode() + " " + token.body());
        }
        String groupList = java.util.Arrays.stream(groups).map(g -> "\"/" + g + "\"")
                .collect(Collectors.joining(","));
        String person = "{\"username\":\"" + username + "\",\"email\":\"" + username + "@" + domain
                + "\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\""
                + Character.toUpperCase(name.charAt(0)) + name.substring(1)
                + "\",\"lastName\":\"Test\",\"groups\":[" + groupList
                + "],\"credentials\":[{\"type\":\"password\",\"value\":\"" + PASSWORD
                + "\",\"temporary\":false}]}";
        HttpResponse<String> made = admin.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/admin/realms/" + realm
                + "/users")).header("Authorization", "Bearer " + access.group(1))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(person)));
        if (made.statusCode() != 201) {
            throw new AssertionError("making " + username + ": " + made.statusCode() + " " + made.body());
        }
        return username;
    }
}
