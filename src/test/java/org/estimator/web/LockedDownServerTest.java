package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.group;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.estimator.support.Names;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** An operator's switches and limits: no anonymous groups, no guests, throttled sign-in and creation. */
@QuarkusTest
@TestProfile(LockedDownServerTest.LockedDown.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LockedDownServerTest {

    public static class LockedDown implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("estimator.groups.anonymous-create", "false",
                    "estimator.auth.guests", "false",
                    "estimator.limits.login-failures-per-account", "3",
                    "estimator.limits.login-failures-per-client", "0",
                    "estimator.limits.groups-per-client", "4");
        }
    }

    @Test
    void anonymousGroupCreationSwitchedOffAnswers401() {
        anonymous().post(group(Names.unique("anon"))).then().statusCode(401)
                .header("Content-Type", "application/json").body("message", equalTo("Sign in to create a group"));
    }

    @Test
    void guestAccessSwitchedOffAnswers403() {
        Api.User owner = Api.register("Owner");
        String name = Names.unique("g");
        owner.req().post(group(name)).then().statusCode(201);
        String code = Api.invite(owner, name);
        anonymous().body(Map.of("nickname", "Guest", "code", code)).post("/rest/v1/session/guest").then()
                .statusCode(403)
                .body("message", equalTo("Guest access is switched off on this server"));
        // The invitation page offers only signing in or registering.
        String page = io.restassured.RestAssured.given().get("/join/" + Links.segment(name) + "?code=" + code)
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("Sign in to join").doesNotContain("Join as a guest");
    }

    @Test
    void repeatedFailedSignInsForOneAccountAreThrottledWithRetryAfter() {
        Api.User user = Api.register("Target");
        for (int i = 0; i < 3; i++) {
            anonymous().body(Map.of("email", user.email(), "password", "wrong password " + i)).post("/rest/v1/session")
                    .then().statusCode(401);
        }
        Response throttled = anonymous().body(Map.of("email", user.email(), "password", Api.PASSWORD))
                .post("/rest/v1/session");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(throttled.jsonPath().getString("message")).isEqualTo("Too many failed sign-ins; try again later");
        // Another account from the same client is not affected by this account's lock-out.
        Api.User other = Api.register("Bystander");
        Api.login(other.email(), Api.PASSWORD);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void groupCreationIsRateLimitedPerClient() {
        Api.User owner = Api.register("Creator");
        int created = 0;
        Response last = null;
        for (int i = 0; i < 6; i++) {
            last = owner.req().post(group(Names.unique("limited")));
            if (last.statusCode() == 201) {
                created++;
            }
        }
        // The guest test, which runs earlier, used one of this client's four creations.
        assertThat(created).isEqualTo(3);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotNull();
        // The web form follows the same rule: the same client is refused there too.
        PagesHttpTest.Browser browser = PagesHttpTest.signedIn(owner);
        browser.req().formParam("csrf", browser.csrf()).formParam("name", Names.unique("by-form"))
                .post("/groups").then().statusCode(429);
    }
}
