package org.estimator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.register;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.junit.jupiter.api.Test;

/** Passwords, tokens and invitation codes never reach the log; every request has an id there. */
@QuarkusTest
class LogSecrecyTest {

    @Test
    void secretsNeverAppearInTheLog() throws Exception {
        Api.User owner = register("Logged");
        String name = createGroup(owner);
        String code = Api.invite(owner, name);
        // The invitation page carries the code in its link, and a stream ticket travels in a query.
        io.restassured.RestAssured.given().get("/join/" + org.estimator.web.Links.segment(name) + "?code=" + code)
                .then().statusCode(200);
        String ticket = owner.req().post(group(name) + "/events/ticket").then().statusCode(201).extract()
                .path("ticket");
        anonymous().get("/rest/v1/version?ticket=" + ticket).then().statusCode(200);
        String guestToken = anonymous().body(Map.of("nickname", "Guest", "code", code)).post("/rest/v1/session/guest")
                .then().statusCode(201).extract().path("token");
        String apiToken = owner.req().body(Map.of("name", "script")).post("/rest/v1/users/me/tokens").then()
                .statusCode(201)
                .extract().path("token");
        anonymous().body(Map.of("email", owner.email(), "password", "a wrong password, logged?"))
                .post("/rest/v1/session")
                .then().statusCode(401);
        anonymous().body("{\"email\": \"x@y.test\", \"password\": \"malformed json secret\"").post("/rest/v1/session")
                .then().statusCode(400);
        Response traced = owner.req().header("X-Request-Id", "trace-me-123").get(group(name));
        assertThat(traced.header("X-Request-Id")).isEqualTo("trace-me-123");
        assertThat(anonymous().header("X-Request-Id", "bad id with spaces\n").get("/rest/v1/version")
                .header("X-Request-Id"))
                .matches("[0-9a-f]+");

        Thread.sleep(500); // the access log is written after the response
        String log = Files.readString(Path.of("target/estimator-test.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("request-id=trace-me-123");
        for (String secret : new String[]{Api.PASSWORD, owner.token(), code, ticket, guestToken, apiToken,
                "a wrong password, logged?", "malformed json secret"}) {
            assertThat(log).as("the log must not contain a secret").doesNotContain(secret);
        }
    }
}
