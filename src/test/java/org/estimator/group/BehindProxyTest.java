package org.estimator.group;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.estimator.support.Api;
import org.estimator.support.Names;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (ESTIMATOR_TRUSTED_PROXIES), Location follows its X-Forwarded-Proto and
 * -Host and HTTPS gets HSTS; a link carrying a secret never follows a Host the client chose.
 */
@QuarkusTest
@TestProfile(BehindProxyTest.TrustedProxy.class)
class BehindProxyTest {

    public static class TrustedProxy implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("estimator.web.trusted-proxies", "127.0.0.1, ::1");
        }
    }

    @Test
    void locationUsesTheForwardedSchemeAndHost() {
        String name = Names.unique("Proxied");
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "estimator.example.com")
                .post("/rest/v1/group/" + name).then().statusCode(201)
                .header("Location", equalTo("https://estimator.example.com/rest/v1/group/" + name));
    }

    @Test
    void httpsThroughTheProxyGetsStrictTransportSecurityAndPlainHttpDoesNot() {
        given().header("X-Forwarded-Proto", "https").get("/rest/v1/version").then().statusCode(200)
                .header("Strict-Transport-Security", equalTo("max-age=31536000"));
        given().header("X-Forwarded-Proto", "https").get("/about").then().statusCode(200)
                .header("Strict-Transport-Security", equalTo("max-age=31536000"));
        given().get("/rest/v1/version").then().header("Strict-Transport-Security", nullValue());
    }

    @Test
    void anInvitationLinkNeverCarriesTheHostTheClientNamed() {
        Api.User owner = Api.register("Owner");
        String name = Api.createGroup(owner);
        // Without ESTIMATOR_PUBLIC_URL the link is relative to the server the client called.
        owner.req().header("Host", "evil.test").header("X-Forwarded-Host", "evil.test").body("{}")
                .post(Api.group(name) + "/invitations").then().statusCode(201)
                .body("url",
                        org.hamcrest.Matchers.startsWith("/join/" + org.estimator.web.Links.segment(name) + "?code="));
    }
}
