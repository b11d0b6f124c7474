package org.estimator.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.OidcBrowserless.location;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.estimator.support.Api;
import org.estimator.support.OidcBrowserless;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through a real OpenID Connect provider (Keycloak on loopback, see .ci/keycloak.sh), walked
 * step by step: the account made on the first sign-in, the policy (verified email, domain, group),
 * linking an account that has a password, and the answers that must not sign anyone in.
 */
@QuarkusTest
@TestProfile(SingleSignOnTest.Keycloak.class)
class SingleSignOnTest {

    /** The test realm's client, with a policy: example.com only, members of "estimators". */
    public static class Keycloak implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("estimator.oidc.issuer", OidcBrowserless.KEYCLOAK + "/realms/estimator",
                    "estimator.oidc.client-id", "estimator",
                    "estimator.oidc.client-secret", "estimator-test-client-secret-0123456789",
                    "estimator.oidc.label", "Keycloak",
                    "estimator.oidc.allowed-domains", "example.com, example.org",
                    "estimator.oidc.required-group", "estimators");
        }
    }

    static String app() {
        return "http://localhost:" + RestAssured.port;
    }

    /** From "Sign in with Keycloak" to the application's last answer (a 303 with the session, or a refusal). */
    static HttpResponse<String> signIn(OidcBrowserless b, String user, String next) {
        HttpResponse<String> start = b.get(app() + "/signin/oidc?next=" + next);
        assertThat(start.statusCode()).as("to the provider").isEqualTo(302);
        assertThat(location(start)).startsWith(OidcBrowserless.KEYCLOAK + "/realms/estimator/")
                .contains("code_challenge_method=S256").contains("state=").contains("nonce=");
        String callback = b.signInAtProvider(location(start), user);
        assertThat(callback).startsWith(app() + "/signin/oidc/callback?");
        HttpResponse<String> back = b.get(callback);
        assertThat(back.statusCode()).as("the callback: " + back.body()).isEqualTo(302);
        return b.get(URI.create(app()).resolve(location(back)).toString());
    }

    private static String session(OidcBrowserless b) {
        return b.cookie(app(), "estimator_session");
    }

    @Test
    void theFirstSignInMakesTheAccountAndALaterOneFindsItByTheProvidersSubject() {
        String alice = OidcBrowserless.newPerson("estimator", "alice", "example.com", "estimators");
        OidcBrowserless b = new OidcBrowserless();
        HttpResponse<String> done = signIn(b, alice, "/group/Some%20Team");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(location(done)).endsWith("/group/Some%20Team");
        String token = session(b);
        assertThat(token).isNotBlank();
        // The same session as a password sign-in: it works for the pages and, as a bearer token, for the API.
        long id = Api.as(token).get("/rest/v1/users/me").then().statusCode(200)
                .body("nickname", org.hamcrest.Matchers.equalTo("Alice Test"))
                .body("email", org.hamcrest.Matchers.equalTo(alice + "@example.com")).extract().<Number>path("id")
                .longValue();
        assertThat(b.get(app() + "/account").body()).contains(alice + "@example.com");
        // Quarkus OIDC's own session does not outlive the sign-in.
        assertThat(b.cookie(app() + "/signin/oidc", "q_session")).isNull();

        OidcBrowserless again = new OidcBrowserless();
        assertThat(signIn(again, alice, "/").statusCode()).isEqualTo(303);
        assertThat(Api.as(session(again)).get("/rest/v1/users/me").then().extract().<Number>path("id").longValue())
                .isEqualTo(id);
        // An account made this way has no password to sign in or change with.
        Api.anonymous().body(Map.of("email", alice + "@example.com", "password", "x".repeat(20)))
                .post("/rest/v1/session").then().statusCode(401);
        Api.as(token).body(Map.of("currentPassword", "x".repeat(20), "newPassword", "y".repeat(20)))
                .put("/rest/v1/users/me/password").then().statusCode(403);
    }

    @Test
    void thePolicyKeepsOutUnverifiedEmailsOtherDomainsAndPeopleOutsideTheGroup() {
        Map<String, String> refused = Map.of("bob", "has no verified email address", "carol",
                "People of elsewhere.org cannot sign in here", "erin", "is not in the group that may use Estimator");
        refused.forEach((user, why) -> {
            OidcBrowserless b = new OidcBrowserless();
            HttpResponse<String> done = signIn(b, user, "/");
            assertThat(done.statusCode()).as(user).isEqualTo(403);
            assertThat(done.body()).as(user).contains(why);
            assertThat(session(b)).as(user).isNull();
        });
    }

    @Test
    void anAccountWithThePasswordAndTheSameEmailIsLinkedOnlyOnceItsPasswordIsGiven() {
        String dave = OidcBrowserless.newPerson("estimator", "dave", "example.com", "estimators");
        String email = dave + "@example.com";
        Api.anonymous().body(Map.of("nickname", "Dave", "email", email, "password", Api.PASSWORD))
                .post("/rest/v1/users").then().statusCode(201);
        long account = Api.as(Api.login(email, Api.PASSWORD)).get("/rest/v1/users/me").then().extract()
                .<Number>path("id").longValue();
        OidcBrowserless b = new OidcBrowserless();
        HttpResponse<String> asked = signIn(b, dave, "/account");
        assertThat(asked.statusCode()).isEqualTo(303);
        assertThat(location(asked)).startsWith(app() + "/signin/oidc/link?next=");
        assertThat(session(b)).isNull(); // not signed in: never taken over silently

        HttpResponse<String> page = b.get(location(asked));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(email);
        String csrf = field(page.body(), "csrf");
        HttpResponse<String> wrong = b.post(app() + "/signin/oidc/link",
                Map.of("csrf", csrf, "password", "not the password at all", "next", "/account"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(session(b)).isNull();
        HttpResponse<String> linked = b.post(app() + "/signin/oidc/link",
                Map.of("csrf", csrf, "password", Api.PASSWORD, "next", "/account"));
        assertThat(linked.statusCode()).isEqualTo(303);
        assertThat(location(linked)).endsWith("/account");
        assertThat(Api.as(session(b)).get("/rest/v1/users/me").then().extract().<Number>path("id").longValue())
                .isEqualTo(account);

        // From now on the provider signs Dave in directly; the password still works too.
        OidcBrowserless next = new OidcBrowserless();
        assertThat(signIn(next, dave, "/").statusCode()).isEqualTo(303);
        assertThat(Api.as(session(next)).get("/rest/v1/users/me").then().extract().<Number>path("id").longValue())
                .isEqualTo(account);
        Api.login(email, Api.PASSWORD);
        // The link's token is spent.
        assertThat(b.post(app() + "/signin/oidc/link", Map.of("csrf", csrf, "password", Api.PASSWORD, "next", "/"))
                .statusCode()).isIn(403, 409);
    }

    @Test
    void aTamperedStateAReplayedCodeAndAnotherIssuersAnswerSignNobodyIn() {
        // The state changed on the way back: refused.
        OidcBrowserless b = new OidcBrowserless();
        String callback = b.signInAtProvider(location(b.get(app() + "/signin/oidc?next=/")), "frank");
        String tampered = callback.replaceFirst("state=([^&]+)", "state=$1x");
        notSignedIn(b.get(tampered));
        assertThat(session(b)).isNull();

        // A code used once does not sign in again, even with the state cookie put back.
        OidcBrowserless c = new OidcBrowserless();
        String start = location(c.get(app() + "/signin/oidc?next=/"));
        HttpCookie state = c.cookieStartingWith("q_auth");
        String answer = c.signInAtProvider(start, "grace");
        assertThat(c.get(answer).statusCode()).isEqualTo(302);
        OidcBrowserless replay = new OidcBrowserless();
        replay.addCookie(app(), state);
        notSignedIn(replay.get(answer));
        assertThat(session(replay)).isNull();

        // Another issuer's answer (its own realm, same client name, same person's email) to our state: refused.
        OidcBrowserless d = new OidcBrowserless();
        String ours = location(d.get(app() + "/signin/oidc?next=/"));
        String theirs = ours.replace("/realms/estimator/", "/realms/elsewhere/");
        String foreign = d.signInAtProvider(theirs, "alice");
        assertThat(foreign).startsWith(app() + "/signin/oidc/callback?");
        notSignedIn(d.get(foreign));
        assertThat(session(d)).isNull();
        // The sign-in page says so, and offers the provider and the password again.
        assertThat(d.get(app() + "/signin?problem=failed").body()).contains("did not go through")
                .contains("id=\"sso-signin\"").contains("name=\"password\"");
    }

    /**
     * Sent back to the sign-in page saying the sign-in did not go through, or to the provider to start
     * over: anything but the application signing in.
     */
    private static void notSignedIn(HttpResponse<String> r) {
        if (r.statusCode() == 302) {
            assertThat(location(r)).as("a redirect that is not a sign-in").startsWith(OidcBrowserless.KEYCLOAK);
        } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            assertThat(location(r)).isEqualTo("/signin?problem=failed");
        }
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("estimator_session=")
                || c.startsWith("q_session"));
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no field " + name);
        }
        return m.group(1);
    }
}
