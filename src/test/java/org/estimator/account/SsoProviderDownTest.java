package org.estimator.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.estimator.support.Api;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on set up with a provider that does not answer (nothing listens at its address): the
 * server starts and is ready, the sign-in page says the provider is unavailable, and passwords and
 * guests work as before.
 */
@QuarkusTest
@TestProfile(SsoProviderDownTest.Unreachable.class)
class SsoProviderDownTest {

    public static class Unreachable implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("estimator.oidc.issuer", "http://127.0.0.1:9/realms/gone",
                    "estimator.oidc.client-id", "estimator",
                    "estimator.oidc.client-secret", "estimator-test-client-secret-0123456789",
                    "estimator.oidc.label", "Company login");
        }
    }

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void theServerIsReadyAndPasswordsWorkWhileTheSignInPageSaysTheProviderIsAway() {
        given().get(management + "health/ready").then().statusCode(200);
        String page = given().get("/signin?next=/").then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"sso-unavailable\"").contains("Company login")
                .doesNotContain("id=\"sso-signin\"")
                .contains("name=\"password\"");

        Api.User pat = Api.register("Pat");
        pat.req().get("/rest/v1/users/me").then().statusCode(200);
    }

    @Test
    void startingTheSignInLeadsBackToTheSignInPageThatSaysWhy() {
        var r = given().redirects().follow(false).get("/signin/oidc?next=/");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/signin?problem=unavailable");
        assertThat(given().get("/signin?problem=unavailable").then().statusCode(200).extract().asString())
                .contains("Signing in with Company login is not available right now");
    }
}
