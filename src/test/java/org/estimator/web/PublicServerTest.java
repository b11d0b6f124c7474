package org.estimator.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.junit.jupiter.api.Test;

/**
 * A server set up for production: ESTIMATOR_PUBLIC_URL for every link, and Secure cookies, which
 * carry the __Host- prefix so that a sibling subdomain can neither set nor shadow them.
 */
@QuarkusTest
@TestProfile(PublicServerTest.Public.class)
class PublicServerTest {

    public static class Public implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("estimator.web.public-url", "https://estimator.example.com/",
                    "estimator.web.secure-cookies", "true");
        }
    }

    @Test
    void linksUseThePublicUrlWhateverHostTheRequestNames() {
        Api.User owner = Api.register("Owner");
        String name = Api.createGroup(owner);
        owner.req().header("Host", "evil.test").body("{}").post(Api.group(name) + "/invitations").then().statusCode(201)
                .body("url", startsWith("https://estimator.example.com/join/" + Links.segment(name) + "?code="));
        String other = org.estimator.support.Names.unique("Public");
        given().header("Host", "evil.test").post(Api.group(other)).then().statusCode(201)
                .header("Location", equalTo("https://estimator.example.com/rest/v1/group/" + other));
    }

    @Test
    void secureCookiesCarryTheHostPrefix() {
        Api.User user = Api.register("Cookie");
        Response page = given().get("/signin");
        String csrf = page.getCookie("__Host-estimator_csrf");
        assertThat(csrf).isNotBlank();
        Response signin = given().redirects().follow(false).cookie("__Host-estimator_csrf", csrf)
                .formParam("csrf", csrf).formParam("email", user.email()).formParam("password", Api.PASSWORD)
                .post("/signin");
        signin.then().statusCode(303);
        String setCookie = signin.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-estimator_session=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("Secure").contains("Path=/").doesNotContainIgnoringCase("Domain=");
        // A cookie without the prefix (a sibling subdomain could set one) is not the session.
        String session = signin.getCookie("__Host-estimator_session");
        given().cookie("estimator_session", session).get("/rest/v1/users/me").then().statusCode(401);
        given().cookie("__Host-estimator_session", session).get("/rest/v1/users/me").then().statusCode(200);
    }

    @Test
    void apiAnswersAreNeverCachedOrSniffed() {
        Api.User user = Api.register("Private");
        for (Response r : java.util.List.of(user.req().get("/rest/v1/users/me"),
                Api.anonymous().body(Map.of("email", user.email(), "password", Api.PASSWORD)).post("/rest/v1/session"),
                user.req().body(Map.of("name", "ci")).post("/rest/v1/users/me/tokens"),
                Api.anonymous().get("/rest/v1/no-such-route"))) {
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }
}
