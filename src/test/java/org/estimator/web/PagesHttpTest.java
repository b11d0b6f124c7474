package org.estimator.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.estimator.support.Api;
import org.estimator.support.EventStream;
import org.estimator.support.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages at the HTTP level: the browser's session cookie, the CSRF rules (what a forged request
 * gets, and that API clients with a bearer token are not affected), headers, redirects, and where a
 * page's event stream starts.
 */
@QuarkusTest
class PagesHttpTest {

    @TestHTTPResource("/")
    java.net.URL base;

    /** A browser's state: its CSRF cookie (from the first page it opened) and, once signed in, its session. */
    record Browser(String csrf, String session) {

        RequestSpecification req() {
            RequestSpecification spec = given().redirects().follow(false).cookie("estimator_csrf", csrf);
            return session == null ? spec : spec.cookie("estimator_session", session);
        }
    }

    static Browser visit() {
        String csrf = given().get("/signin").then().statusCode(200).extract().cookie("estimator_csrf");
        assertThat(csrf).isNotBlank();
        return new Browser(csrf, null);
    }

    static Browser signedIn(Api.User user) {
        Browser b = visit();
        Response r = b.req().formParam("csrf", b.csrf()).formParam("email", user.email())
                .formParam("password", Api.PASSWORD).post("/signin");
        r.then().statusCode(303).header("Location", endsWith("/"));
        return new Browser(b.csrf(), r.getDetailedCookie("estimator_session").getValue());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() {
        Api.User user = Api.register("Cookie");
        Browser b = visit();
        Response r = b.req().formParam("csrf", b.csrf()).formParam("email", user.email())
                .formParam("password", Api.PASSWORD).post("/signin");
        String setCookie = r.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("estimator_session=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/");
        // Plain HTTP in tests; production sets Secure (ProductionJarIT).
        assertThat(setCookie).doesNotContainIgnoringCase("Secure");
    }

    @Test
    void aFormWithoutTheRightTokenIsRefused() {
        Api.User user = Api.register("Former");
        Browser b = signedIn(user);
        String name = Names.unique("csrf");
        b.req().formParam("name", name).post("/groups").then().statusCode(403)
                .contentType(containsString("text/html")).body(containsString("reload the page and try again"));
        b.req().formParam("csrf", "guessed").formParam("name", name).post("/groups").then().statusCode(403);
        Api.anonymous().get(Api.group(name)).then().statusCode(404);

        b.req().formParam("csrf", b.csrf()).formParam("name", name).post("/groups").then().statusCode(303);
        Api.anonymous().get(Api.group(name)).then().statusCode(200);
    }

    /** Every form handler checks the token before anything else (here: before the group is even looked up). */
    @ParameterizedTest
    @ValueSource(strings = {"/register", "/signin", "/signout", "/groups", "/join/no-such-group",
            "/join/no-such-group/guest",
            "/account/password", "/account/signout-everywhere"})
    void everyFormRefusesAPostWithoutTheToken(String path) {
        Browser b = visit();
        b.req().formParam("name", "x").post(path).then().statusCode(403)
                .body(containsString("reload the page and try again"));
    }

    @Test
    void anotherSitesRequestIsRefusedEvenWithTheToken() {
        Api.User user = Api.register("Origin");
        Browser b = signedIn(user);
        String name = Names.unique("origin");
        b.req().header("Origin", "https://evil.example").formParam("csrf", b.csrf()).formParam("name", name)
                .post("/groups").then().statusCode(403);
        b.req().header("Sec-Fetch-Site", "cross-site").formParam("csrf", b.csrf()).formParam("name", name)
                .post("/groups").then().statusCode(403);
        Api.anonymous().get(Api.group(name)).then().statusCode(404);
    }

    @Test
    void theApiWithTheSessionCookieNeedsTheCsrfHeaderButABearerTokenDoesNot() {
        Api.User owner = Api.register("Scripter");
        String group = Api.createGroup(owner);
        Browser b = signedIn(owner);
        b.req().contentType("application/json").body(Map.of("storyRef", "EST-1", "description", "d"))
                .post(Api.group(group) + "/issues").then().statusCode(403)
                .contentType("application/json").body("message", containsString("reload the page"));
        b.req().contentType("application/json").header("X-CSRF-Token", b.csrf())
                .body(Map.of("storyRef", "EST-1", "description", "d"))
                .post(Api.group(group) + "/issues").then().statusCode(201);
        // Reading needs no token, and the cookie is a real session.
        b.req().get(Api.group(group) + "/issues").then().statusCode(200).body("size()", equalTo(1));
        owner.req().body(Map.of("storyRef", "EST-2", "description", "d"))
                .post(Api.group(group) + "/issues").then().statusCode(201);
    }

    /**
     * The estimate PUT checks its caller inside the write, off the request's thread (the hot path): the
     * session cookie there follows the same rules as on every other route.
     */
    @Test
    void theEstimateTakesTheSessionCookieWithItsCsrfHeaderAndASignedOutOneIsRefused() {
        Api.User owner = Api.register("Carda");
        String group = Api.createGroup(owner);
        long issue = Api.addIssue(owner, group, "COOK-1");
        Browser b = signedIn(owner);
        String estimate = Api.group(group) + "/issues/" + issue + "/estimate";
        b.req().contentType("application/json").body(Map.of("value", 5)).put(estimate).then().statusCode(403)
                .body("message", containsString("reload the page"));
        b.req().contentType("application/json").header("X-CSRF-Token", b.csrf()).body(Map.of("value", 5))
                .put(estimate).then().statusCode(204);
        owner.req().get(estimate).then().statusCode(200).body("value", equalTo("5"));
        // Another user's session cookie is that user: a non-member here (403).
        Browser stranger = signedIn(Api.register("Stranger"));
        stranger.req().contentType("application/json").header("X-CSRF-Token", stranger.csrf())
                .body(Map.of("value", 8)).put(estimate).then().statusCode(403)
                .body("message", equalTo("You are not a member of this group"));
        b.req().formParam("csrf", b.csrf()).post("/signout").then().statusCode(303);
        b.req().contentType("application/json").header("X-CSRF-Token", b.csrf()).body(Map.of("value", 8))
                .put(estimate).then().statusCode(401).body("message", equalTo("Authentication required"));
        given().contentType("application/json").body(Map.of("value", 8)).put(estimate).then().statusCode(401)
                .body("message", equalTo("Authentication required"));
        owner.req().get(estimate).then().statusCode(200).body("value", equalTo("5"));
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        Api.User user = Api.register("Leaver");
        Browser b = signedIn(user);
        b.req().get("/rest/v1/users/me").then().statusCode(200).body("nickname", equalTo("Leaver"));
        b.req().formParam("csrf", b.csrf()).post("/signout").then().statusCode(303);
        given().cookie("estimator_session", b.session()).get("/rest/v1/users/me").then().statusCode(401);
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        Response r = given().get("/");
        r.then().statusCode(200).contentType(containsString("text/html"));
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    /**
     * A page names the event it was rendered at, so its stream sends only what changed after it (not
     * a snapshot the page would have to render again).
     */
    @Test
    void aPagesStreamStartsWhereThePageStands() throws Exception {
        Api.User owner = Api.register("Streamer");
        String group = Api.createGroup(owner);
        Browser b = signedIn(owner);
        String page = b.req().get("/group/" + Links.segment(group)).then().statusCode(200).extract().asString();
        java.util.regex.Matcher events = java.util.regex.Pattern.compile("data-events=\"([^\"]+)\"").matcher(page);
        assertThat(events.find()).isTrue();
        assertThat(events.group(1)).contains("?lastEventId=");
        java.util.regex.Matcher types = java.util.regex.Pattern.compile("data-event-types=\"([^\"]+)\"").matcher(page);
        assertThat(types.find()).isTrue();
        java.util.List<String> listened = java.util.List.of(types.group(1).split(" "));

        Api.addIssue(owner, group, "EST-after-render"); // changed after the page was rendered
        try (EventStream stream = EventStream.open(base.toString().replaceAll("/$", "") + events.group(1),
                Map.of("Authorization", "Bearer " + owner.token()))) {
            assertThat(stream.expectSkippingAsides("issue.added").data()).contains("EST-after-render");
            assertThat(stream.seen()).noneMatch(e -> "snapshot".equals(e.type()));
            // The page's script listens to every type the stream sent.
            assertThat(stream.seen()).filteredOn(e -> e.data() != null).extracting(e -> e.type())
                    .isNotEmpty().allMatch(listened::contains);
        }
    }

    @Test
    void aProtectedPageSendsTheVisitorToSignInAndBack() {
        given().redirects().follow(false).get("/group/anything?x=1").then().statusCode(303)
                .header("Location", containsString("/signin?next=%2Fgroup%2Fanything%3Fx%3D1"));
    }

    /** The form and the API share one rule for creating groups: a guest may do neither. */
    @Test
    void aGuestCannotCreateAGroupFromTheFormEither() {
        Api.User owner = Api.register("Host");
        Api.User guest = Api.guest(owner, Api.createGroup(owner), "Visitor");
        Browser b = new Browser(visit().csrf(), guest.token());
        String name = Names.unique("guests");
        b.req().formParam("csrf", b.csrf()).formParam("name", name).post("/groups").then().statusCode(403)
                .body(containsString("Guests cannot create groups"));
        guest.req().post(Api.group(name)).then().statusCode(403).body("message",
                containsString("Guests cannot create groups"));
    }

    /** Whatever "next" a form carries, the answer is a redirect to a path on this site, never a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"/a b", "/%zz", "/a|b", "/{x}", "/\"q\"", "/<x>", "/a^b", "/a`b", "/\u00fc",
            "/ok?x=1#frag"})
    void anyNextIsAnsweredWithAValidRedirect(String next) {
        Api.User user = Api.register("Next");
        Browser b = visit();
        Response signin = b.req().formParam("csrf", b.csrf()).formParam("email", user.email())
                .formParam("password", Api.PASSWORD).formParam("next", next).post("/signin");
        signin.then().statusCode(303);
        String location = signin.header("Location");
        assertThat(java.net.URI.create(location).getRawPath()).startsWith("/");
        assertThat(java.net.URI.create(location).getHost()).isIn(null, "localhost");

        Browser c = visit();
        Response register = c.req().formParam("csrf", c.csrf()).formParam("nickname", "Next")
                .formParam("email", Names.unique("next") + "@example.test").formParam("password", Api.PASSWORD)
                .formParam("password2", Api.PASSWORD).formParam("next", next).post("/register");
        register.then().statusCode(303);
        java.net.URI.create(register.header("Location"));
    }

    /**
     * Basic credentials a browser may have cached, or "Bearer" with nothing after it, are not a
     * bearer token: the cookie still authenticates, so the CSRF checks still apply.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer ", "Bearer"})
    void anAuthorizationHeaderThatIsNoValidBearerTokenDoesNotSkipTheCsrfChecks(String authorization) {
        Api.User owner = Api.register("Victim");
        String group = Api.createGroup(owner);
        Browser b = signedIn(owner);
        b.req().header("Authorization", authorization).contentType("application/json")
                .body(Map.of("storyRef", "CSRF-1", "description", "forged")).post(Api.group(group) + "/issues")
                .then().statusCode(403);
        b.req().header("Authorization", authorization).header("Sec-Fetch-Site", "cross-site")
                .formParam("name", Names.unique("forged")).post("/groups").then().statusCode(403);
        owner.req().get(Api.group(group) + "/issues").then().body("size()", equalTo(0));
    }

    @Test
    void signingInAgainOrJoiningAsAGuestEndsTheBrowsersEarlierSignIn() {
        Api.User user = Api.register("Twice");
        Browser first = signedIn(user);
        Response again = first.req().formParam("csrf", first.csrf()).formParam("email", user.email())
                .formParam("password", Api.PASSWORD).post("/signin");
        again.then().statusCode(303);
        given().cookie("estimator_session", first.session()).get("/rest/v1/users/me").then().statusCode(401);
        String second = again.getDetailedCookie("estimator_session").getValue();
        given().cookie("estimator_session", second).get("/rest/v1/users/me").then().statusCode(200);

        Api.User owner = Api.register("Host");
        String group = Api.createGroup(owner);
        String code = Api.invite(owner, group);
        Browser signedIn = new Browser(first.csrf(), second);
        signedIn.req().formParam("csrf", signedIn.csrf()).formParam("code", code).formParam("nickname", "As guest")
                .post("/join/" + Links.segment(group) + "/guest").then().statusCode(303);
        given().cookie("estimator_session", second).get("/rest/v1/users/me").then().statusCode(401);
    }

    @Test
    void theAccountPageChangesThePasswordAndSignsOutEverywhere() {
        Api.User user = Api.register("Keeper");
        Browser b = signedIn(user);
        Browser other = signedIn(user);
        String next = "a brand new passphrase for the page";
        b.req().formParam("csrf", b.csrf()).formParam("current", "not the password at all")
                .formParam("password", next).formParam("password2", next).post("/account/password")
                .then().statusCode(403).body(containsString("The current password is wrong"));
        b.req().formParam("csrf", b.csrf()).formParam("current", Api.PASSWORD)
                .formParam("password", next).formParam("password2", next + "!").post("/account/password")
                .then().statusCode(400).body(containsString("do not match"));
        b.req().formParam("csrf", b.csrf()).formParam("current", Api.PASSWORD)
                .formParam("password", next).formParam("password2", next).post("/account/password")
                .then().statusCode(200).body(containsString("Your password is changed"));
        b.req().get("/rest/v1/users/me").then().statusCode(200);
        other.req().get("/rest/v1/users/me").then().statusCode(401);

        b.req().formParam("csrf", b.csrf()).post("/account/signout-everywhere").then().statusCode(303)
                .header("Location", endsWith("/signin"));
        b.req().get("/rest/v1/users/me").then().statusCode(401);
    }
}
