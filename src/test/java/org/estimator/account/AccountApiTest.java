package org.estimator.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.PASSWORD;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.as;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.estimator.db.Database;
import org.estimator.support.Api;
import org.estimator.support.Names;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class AccountApiTest {

    @Inject
    Database db;

    private static String email() {
        return Names.unique("user") + "@example.test";
    }

    @Test
    void registeringAnswers201WithoutThePasswordAndStoresOnlyAnArgon2idHash() {
        String email = email();
        anonymous().body(Map.of("nickname", "  Nora  ", "email", email.toUpperCase(), "password", PASSWORD))
                .post("/rest/v1/users").then().statusCode(201)
                .header("Content-Type", "application/json")
                .body("nickname", equalTo("Nora")).body("email", equalTo(email))
                .body("password", nullValue()).body("passwordHash", nullValue());
        String hash = Rows.value(db, String.class, "select password_hash from app_user where email = ?", email);
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
    }

    @Test
    void aTakenEmailAnswers409WhateverItsCase() {
        String email = email();
        anonymous().body(Map.of("nickname", "A", "email", email, "password", PASSWORD)).post("/rest/v1/users")
                .then().statusCode(201);
        anonymous().body(Map.of("nickname", "B", "email", email.toUpperCase(), "password", PASSWORD))
                .post("/rest/v1/users")
                .then().statusCode(409).body("message", equalTo("Email already registered"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "@no-local.test", "two@@at.test", "no-dot@domain", "spaces in@x.test", ""})
    void anInvalidEmailAnswers400(String email) {
        anonymous().body(Map.of("nickname", "N", "email", email, "password", PASSWORD)).post("/rest/v1/users")
                .then().statusCode(400).body("message", notNullValue());
    }

    @Test
    void aPasswordShorterThan16OrLongerThan1024CharactersAnswers400() {
        anonymous().body(Map.of("nickname", "N", "email", email(), "password", "fifteen-chars!!"))
                .post("/rest/v1/users")
                .then().statusCode(400).body("message", equalTo("password must be at least 16 characters"));
        anonymous().body(Map.of("nickname", "N", "email", email(), "password", "x".repeat(1025))).post("/rest/v1/users")
                .then().statusCode(400).body("message", equalTo("password must be at most 1024 characters"));
        anonymous().body(Map.of("nickname", "N", "email", email(), "password", "sixteen-chars!!!"))
                .post("/rest/v1/users")
                .then().statusCode(201);
    }

    @Test
    void aNicknameIsOneTo32Characters() {
        anonymous().body(Map.of("nickname", "   ", "email", email(), "password", PASSWORD)).post("/rest/v1/users")
                .then().statusCode(400).body("message", equalTo("nickname must not be blank"));
        anonymous().body(Map.of("nickname", "n".repeat(33), "email", email(), "password", PASSWORD))
                .post("/rest/v1/users")
                .then().statusCode(400);
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSame401() {
        Api.User user = register("Sam");
        String unknown = anonymous().body(Map.of("email", email(), "password", PASSWORD)).post("/rest/v1/session")
                .then().statusCode(401).extract().body().asString();
        String wrong = anonymous().body(Map.of("email", user.email(), "password", PASSWORD + "x"))
                .post("/rest/v1/session")
                .then().statusCode(401).extract().body().asString();
        assertThat(unknown).isEqualTo(wrong).isEqualTo("{\"message\":\"Unknown email or wrong password\"}");
    }

    @Test
    void signingOutRevokesTheToken() {
        Api.User user = register("Tess");
        user.req().get("/rest/v1/users/me").then().statusCode(200).body("nickname", equalTo("Tess"))
                .body("email", equalTo(user.email()));
        user.req().delete("/rest/v1/session").then().statusCode(204);
        user.req().get("/rest/v1/users/me").then().statusCode(401);
        anonymous().get("/rest/v1/users/me").then().statusCode(401).body("message", equalTo("Authentication required"));
        as("made-up-token").get("/rest/v1/users/me").then().statusCode(401).body("message",
                equalTo("The token is invalid, expired or revoked"));
    }

    /**
     * Every route about "me" answers 401 to a caller without a valid token, before it reads a body
     * ({@code @Authenticated}: Quarkus Security decides before the body is parsed).
     */
    @Test
    void theAccountRoutesRefuseAMissingOrInvalidTokenBeforeLookingAtTheBody() {
        Api.User user = register("Rhea");
        List<Supplier<RequestSpecification>> callers = List.of(Api::anonymous, () -> as("made-up-token"));
        for (Supplier<RequestSpecification> caller : callers) {
            caller.get().get("/rest/v1/users/me").then().statusCode(401);
            caller.get().get("/rest/v1/users/me/tokens").then().statusCode(401);
            caller.get().delete("/rest/v1/users/me/tokens/1").then().statusCode(401);
            caller.get().delete("/rest/v1/session").then().statusCode(401);
            caller.get().delete("/rest/v1/users/me/sessions").then().statusCode(401);
            // No body, and a malformed one: still 401, not 400.
            caller.get().put("/rest/v1/users/me/password").then().statusCode(401);
            caller.get().contentType("application/json").body("{\"currentPassword\":")
                    .put("/rest/v1/users/me/password").then().statusCode(401).body("message", notNullValue());
            caller.get().post("/rest/v1/users/me/tokens").then().statusCode(401);
        }
        // And the same routes still work for the caller.
        user.req().get("/rest/v1/users/me/tokens").then().statusCode(200).body("$", hasSize(0));
        user.req().body(Map.of("name", "ci")).post("/rest/v1/users/me/tokens").then().statusCode(201);
        user.req().get("/rest/v1/users/me/tokens").then().statusCode(200).body("$", hasSize(1));
    }

    /** The estimate route looks a bearer token up itself (the hot path): the same rules as everywhere. */
    @Test
    void aBearerTokenIsCheckedOnEveryCallInItsOwnGroupAndBeforeTheCookie() {
        Api.User owner = register("Bea");
        String name = createGroup(owner);
        long issue = Api.addIssue(owner, name, "BEAR-1");
        Api.User guest = Api.guest(owner, name, "Gus");
        String other = createGroup(owner);
        long otherIssue = Api.addIssue(owner, other, "BEAR-2");
        Api.estimate(guest, name, issue, 3).then().statusCode(204);
        Api.estimate(guest, other, otherIssue, 3).then().statusCode(403)
                .body("message", equalTo("You are not a member of this group"));

        String second = Api.login(owner.email(), PASSWORD);
        as(second).delete("/rest/v1/session").then().statusCode(204);
        as(second).body(Map.of("value", 5)).put(group(name) + "/issues/" + issue + "/estimate").then()
                .statusCode(401).body("message", equalTo("The token is invalid, expired or revoked"));
        as(second + "x").get(group(name)).then().statusCode(401);
        // A valid session cookie does not stand in for a wrong bearer token beside it.
        as("made-up-token").cookie("estimator_session", owner.token()).get(group(name)).then().statusCode(401)
                .body("message", equalTo("The token is invalid, expired or revoked"));
        anonymous().cookie("estimator_session", owner.token()).get(group(name)).then().statusCode(200);
        owner.req().get(group(name) + "/issues/" + issue + "/estimate").then().statusCode(404)
                .body("message", equalTo("You have not estimated this issue"));
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        Api.User user = register("Hash");
        long clear = Rows.count(db, "auth_token", "token_hash", user.token());
        assertThat(clear).isZero();
        assertThat(user.token()).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
    }

    @Test
    void personalApiTokensCanBeCreatedListedUsedAndRevoked() {
        Api.User user = register("Scripter");
        var created = user.req().body(Map.of("name", "CI script")).post("/rest/v1/users/me/tokens").then()
                .statusCode(201)
                .body("name", equalTo("CI script")).body("token", notNullValue()).extract();
        String apiToken = created.path("token");
        long id = created.<Number>path("id").longValue();
        user.req().get("/rest/v1/users/me/tokens").then().statusCode(200).body("$", hasSize(1))
                .body("[0].name", equalTo("CI script")).body("[0].token", nullValue());
        as(apiToken).get("/rest/v1/users/me").then().statusCode(200).body("nickname", equalTo("Scripter"));

        Api.User other = register("Other");
        other.req().delete("/rest/v1/users/me/tokens/" + id).then().statusCode(404);
        user.req().delete("/rest/v1/users/me/tokens/" + id).then().statusCode(204);
        as(apiToken).get("/rest/v1/users/me").then().statusCode(401);
    }

    @Test
    void aGuestJoinsWithANicknameAndACodeAndIsLimitedToThatGroup() {
        Api.User owner = register("Owner");
        String name = createGroup(owner);
        String other = createGroup(owner);
        Api.User guest = Api.guest(owner, name, "Guest Gabi");
        guest.req().get(group(name)).then().statusCode(200).body("role", equalTo("VOTER"));
        guest.req().get(group(name) + "/members").then().statusCode(200)
                .body("find { it.nickname == 'Guest Gabi' }.guest", equalTo(true));
        guest.req().get(group(other) + "/issues").then().statusCode(403);
        guest.req().body(Map.of("code", Api.invite(owner, other))).post(group(other) + "/members").then()
                .statusCode(403);
        guest.req().post(group(Names.unique("guestgroup"))).then().statusCode(403);
        guest.req().body(Map.of("name", "x")).post("/rest/v1/users/me/tokens").then().statusCode(403);
        anonymous().body(Map.of("nickname", "Gus", "code", "wrong")).post("/rest/v1/session/guest").then()
                .statusCode(403);
    }

    @Test
    void malformedBodiesAnswer400WithAMessage() {
        anonymous().body("{not json").post("/rest/v1/users").then().statusCode(400)
                .body("message", equalTo("The request body is not valid JSON"));
        anonymous().body("{\"nickname\": {\"a\": 1}, \"email\": \"x@y.test\", \"password\": \"0123456789abcdef\"}")
                .post("/rest/v1/users").then().statusCode(400)
                .body("message", equalTo("Field 'nickname' has the wrong type or format"));
        anonymous().body("[1,2]").post("/rest/v1/session").then().statusCode(400);
        anonymous().post("/rest/v1/users").then().statusCode(400).body("message",
                equalTo("A JSON request body is required"));
        anonymous().contentType("text/plain").body("hello").post("/rest/v1/users").then().statusCode(415)
                .header("Content-Type", "application/json");
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSignIn() {
        Api.User user = register("Changer");
        String other = Api.login(user.email(), PASSWORD);
        String apiToken = user.req().body(Map.of("name", "script")).post("/rest/v1/users/me/tokens").then()
                .statusCode(201)
                .extract().path("token");
        String next = "a new and even longer passphrase";
        user.req().body(Map.of("currentPassword", "wrong password entirely", "newPassword", next))
                .put("/rest/v1/users/me/password").then().statusCode(403)
                .body("message", equalTo("The current password is wrong"));
        user.req().body(Map.of("currentPassword", PASSWORD, "newPassword", "short"))
                .put("/rest/v1/users/me/password").then().statusCode(400);
        as(other).get("/rest/v1/users/me").then().statusCode(200);

        user.req().body(Map.of("currentPassword", PASSWORD, "newPassword", next)).put("/rest/v1/users/me/password")
                .then().statusCode(204);
        user.req().get("/rest/v1/users/me").then().statusCode(200);
        as(other).get("/rest/v1/users/me").then().statusCode(401);
        as(apiToken).get("/rest/v1/users/me").then().statusCode(200); // API tokens are not sign-ins
        anonymous().body(Map.of("email", user.email(), "password", PASSWORD)).post("/rest/v1/session").then()
                .statusCode(401);
        Api.login(user.email(), next);
    }

    @Test
    void signingOutEverywhereEndsEverySignInOfTheAccount() {
        Api.User user = register("Everywhere");
        String second = Api.login(user.email(), PASSWORD);
        user.req().delete("/rest/v1/users/me/sessions").then().statusCode(204);
        user.req().get("/rest/v1/users/me").then().statusCode(401);
        as(second).get("/rest/v1/users/me").then().statusCode(401);
    }

    @Test
    void signingInAgainWithTheOldSessionEndsIt() {
        Api.User user = register("Again");
        String fresh = user.req().body(Map.of("email", user.email(), "password", PASSWORD)).post("/rest/v1/session")
                .then().statusCode(200).extract().path("token");
        user.req().get("/rest/v1/users/me").then().statusCode(401);
        as(fresh).get("/rest/v1/users/me").then().statusCode(200);
        // A stale token does not stand in the way of signing in.
        as("stale-token").body(Map.of("email", user.email(), "password", PASSWORD)).post("/rest/v1/session")
                .then().statusCode(200);
    }
}
