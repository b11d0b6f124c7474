package org.estimator.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.estimator.support.Api;
import org.estimator.support.Names;
import org.estimator.support.OidcBrowserless;
import org.junit.jupiter.api.Test;

/** A server where the provider is the only way in for accounts: passwords are off, guests still join by invitation. */
@QuarkusTest
@TestProfile(SsoOnlyTest.SsoOnly.class)
class SsoOnlyTest {

    public static class SsoOnly implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> p = new HashMap<>(new SingleSignOnTest.Keycloak().getConfigOverrides());
            p.put("estimator.oidc.sso-only", "true");
            return p;
        }
    }

    @Test
    void registeringAndSigningInWithAPasswordAreRefusedNamingTheWayIn() {
        Api.anonymous()
                .body(Map.of("nickname", "Pat", "email", Names.unique("pat") + "@example.test", "password",
                        Api.PASSWORD))
                .post("/rest/v1/users").then().statusCode(403)
                .body("message", containsString("sign in with Keycloak"));
        Api.anonymous().body(Map.of("email", Names.unique("pat") + "@example.test", "password", Api.PASSWORD))
                .post("/rest/v1/session")
                .then().statusCode(403).body("message", containsString("Passwords are switched off"));
        RestAssured.given().get("/register").then().statusCode(403);

        String signin = RestAssured.given().get("/signin?next=/").then().statusCode(200).extract().asString();
        assertThat(signin).contains("id=\"sso-signin\"").contains("Keycloak").doesNotContain("name=\"password\"")
                .doesNotContain("href=\"/register");
    }

    @Test
    void aPersonFromTheProviderRunsAGroupAndAGuestJoinsItByInvitation() {
        OidcBrowserless b = new OidcBrowserless();
        HttpResponse<String> done = SingleSignOnTest.signIn(b,
                OidcBrowserless.newPerson("estimator", "olga", "example.com", "estimators"), "/");
        assertThat(done.statusCode()).isEqualTo(303);
        String owner = b.cookie(SingleSignOnTest.app(), "estimator_session");
        String group = Names.unique("sso-only");
        Api.as(owner).post("/rest/v1/group/" + group).then().statusCode(201);
        String code = Api.as(owner).body(Map.of()).post("/rest/v1/group/" + group + "/invitations").then()
                .statusCode(201).extract().path("code");

        String guest = Api.anonymous().body(Map.of("nickname", "Visitor", "code", code)).post("/rest/v1/session/guest")
                .then().statusCode(201).extract().path("token");
        Api.as(guest).get("/rest/v1/group/" + group + "/members").then().statusCode(200)
                .body("nickname", org.hamcrest.Matchers.hasItems("Olga Test", "Visitor"));
    }
}
