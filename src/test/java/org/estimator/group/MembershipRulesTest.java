package org.estimator.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.invite;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.junit.jupiter.api.Test;

/** Rules of membership that races and look-alike names must not break. */
@QuarkusTest
class MembershipRulesTest {

    @Test
    void ofTwoSimultaneousHandOversOneWinsAndTheGroupHasOneOwner() throws Exception {
        for (int round = 0; round < 5; round++) {
            User owner = register("Owner");
            String name = createGroup(owner);
            User b = member(owner, name, "Bea");
            User c = member(owner, name, "Cai");
            CompletableFuture<Integer> toB = CompletableFuture.supplyAsync(() -> owner.req()
                    .body(Map.of("userId", Api.userId(b))).post(group(name) + "/owner").statusCode());
            CompletableFuture<Integer> toC = CompletableFuture.supplyAsync(() -> owner.req()
                    .body(Map.of("userId", Api.userId(c))).post(group(name) + "/owner").statusCode());
            List<Integer> statuses = List.of(toB.get(), toC.get());
            // The loser is refused: 409 when both passed the first check, 403 when it came after the winner.
            assertThat(statuses).as("one hand-over, one refusal").containsOnlyOnce(204)
                    .allMatch(s -> s == 204 || s == 409 || s == 403);
            List<String> roles = owner.req().get(group(name) + "/members").then().statusCode(200).extract()
                    .path("role");
            assertThat(roles).filteredOn("OWNER"::equals).hasSize(1);
        }
    }

    @Test
    void aGuestCannotTakeANicknameAlreadyUsedInTheGroup() {
        User owner = register("Facilitator");
        String name = createGroup(owner);
        Api.guest(owner, name, "Robin");
        for (String taken : List.of("Robin", "robin", " ROBIN ", "Facilitator")) {
            anonymous().body(Map.of("nickname", taken, "code", invite(owner, name))).post("/rest/v1/session/guest")
                    .then().statusCode(409).body("message", containsString("already called"));
        }
        List<String> nicknames = owner.req().get(group(name) + "/members").then().extract().path("nickname");
        assertThat(nicknames).containsExactly("Facilitator", "Robin");
        // In another group the name is free.
        String other = createGroup(owner);
        Api.guest(owner, other, "Robin");
    }

    @Test
    void invisibleAndBidiCharactersAreRefusedInNamesAndNamesAreKeptInNfc() {
        User owner = register("Owner");
        for (String bad : List.of("Bob\u200B", "\uFEFFBob", "Bo\u202Eb", "\u2800", "Bob\u2800", "\u3164")) {
            anonymous().body(Map.of("nickname", bad, "email", org.estimator.support.Names.unique("n") + "@example.test",
                    "password", Api.PASSWORD)).post("/rest/v1/users").then().statusCode(400)
                    .body("message", containsString("nickname"));
            anonymous().post(group(bad)).then().statusCode(400);
            anonymous().body(Map.of("nickname", bad, "code", invite(owner, createGroup(owner))))
                    .post("/rest/v1/session/guest").then().statusCode(400);
        }
        // "é" typed as e + combining accent is the same group as the precomposed "é".
        String base = org.estimator.support.Names.unique("Caf");
        anonymous().post(group(base + "\u00E9")).then().statusCode(201);
        anonymous().get(group(base + "e\u0301")).then().statusCode(200);
        anonymous().post(group(base + "e\u0301")).then().statusCode(400);
    }
}
