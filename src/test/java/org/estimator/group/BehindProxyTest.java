package org.estimator.group;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.estimator.support.Names;
import org.junit.jupiter.api.Test;

/** With ESTIMATOR_TRUST_PROXY, Location follows the proxy's X-Forwarded-Proto and -Host. */
@QuarkusTest
@TestProfile(BehindProxyTest.TrustedProxy.class)
class BehindProxyTest {

    public static class TrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ESTIMATOR_TRUST_PROXY", "true");
        }
    }

    @Test
    void locationUsesTheForwardedSchemeAndHost() {
        String name = Names.unique("Proxied");
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "estimator.example.com")
                .post("/rest/v1/group/" + name).then().statusCode(201)
                .header("Location", equalTo("https://estimator.example.com/rest/v1/group/" + name));
    }
}
