package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.estimator.db.Database;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.Names;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/** A POST retried with the same Idempotency-Key is answered once and done once. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    Database db;

    @Test
    void aRetryGetsTheFirstAnswerAndChangesNothing() {
        User owner = register("Owner");
        String name = createGroup(owner);
        String key = Names.unique("key");
        Map<String, String> issue = Map.of("storyRef", "IDEM-1", "description", "once only");

        Response first = owner.req().header("Idempotency-Key", key).body(issue).post(group(name) + "/issues");
        first.then().statusCode(201);
        Response retry = owner.req().header("Idempotency-Key", key).body(issue).post(group(name) + "/issues");
        retry.then().statusCode(201).header("Idempotent-Replayed", "true").contentType(equalTo("application/json"));
        assertThat(retry.body().asString()).isEqualTo(first.body().asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        owner.req().get(group(name) + "/issues").then().body("size()", equalTo(1));

        // The same key for another request: refused, nothing done.
        owner.req().header("Idempotency-Key", key).body(Map.of("storyRef", "IDEM-2", "description", "other"))
                .post(group(name) + "/issues").then().statusCode(422)
                .body("message", containsString("Idempotency-Key"));
        owner.req().get(group(name) + "/issues").then().body("size()", equalTo(1));
    }

    @Test
    void theSeedsCreationRetriedAfterSuccessStillAnswers201() {
        String name = Names.unique("Idem");
        String key = Names.unique("key");
        anonymous().header("Idempotency-Key", key).post(group(name)).then().statusCode(201).body(equalTo("{}"));
        anonymous().header("Idempotency-Key", key).post(group(name)).then().statusCode(201).body(equalTo("{}"))
                .header("Location", containsString("/rest/v1/group/"));
        // Without the key the second creation is the seed's duplicate.
        anonymous().post(group(name)).then().statusCode(400).body("message", equalTo("Group already exists"));
    }

    @Test
    void keysBelongToTheirCaller() {
        User ann = register("Ann");
        User bob = register("Bob");
        String key = Names.unique("shared-key");
        String annsGroup = Names.unique("Ann");
        ann.req().header("Idempotency-Key", key).post(group(annsGroup)).then().statusCode(201);
        // Bob's request with Ann's key is Bob's own: no replay of Ann's answer, no 422.
        String bobsGroup = Names.unique("Bob");
        bob.req().header("Idempotency-Key", key).post(group(bobsGroup)).then().statusCode(201)
                .header("Idempotent-Replayed", (String) null);
        assertThat(Rows.count(db, "estimation_group", "name", bobsGroup)).isEqualTo(1);
    }

    @Test
    void badKeysAndSecretBearingRoutesAreRefused() {
        User owner = register("Owner");
        String name = createGroup(owner);
        owner.req().header("Idempotency-Key", "no spaces allowed").body(Map.of("storyRef", "X", "description", "d"))
                .post(group(name) + "/issues").then().statusCode(400)
                .body("message", containsString("Idempotency-Key"));
        anonymous().header("Idempotency-Key", Names.unique("k"))
                .body(Map.of("email", owner.email(), "password", "correct horse battery staple"))
                .post("/rest/v1/session").then().statusCode(400).body("message", containsString("secret"));
    }

    /**
     * A key belongs to the authenticated caller (its token, cookie or bearer): nobody else's request
     * with it is answered from it, and a refused anonymous request does not take it from the owner.
     */
    @Test
    void aCookieCallersKeyIsNeitherReplayedToOthersNorTakenByAnAnonymousRequest() {
        User owner = register("Owner");
        String name = createGroup(owner);
        User other = register("Other");
        PagesHttpTest.Browser browser = PagesHttpTest.signedIn(owner);
        String key = Names.unique("cookie-key");
        Map<String, String> issue = Map.of("storyRef", "KEY-1", "description", "by cookie");

        // Someone without a token claims the key first: answered 401, and nothing is kept.
        anonymous().header("Idempotency-Key", key).body(issue).post(group(name) + "/issues").then().statusCode(401);
        browser.req().contentType("application/json").header("X-CSRF-Token", browser.csrf())
                .header("Idempotency-Key", key).body(issue).post(group(name) + "/issues")
                .then().statusCode(201).header("Idempotent-Replayed", (String) null);

        // The same key from someone else is theirs: no replay of the owner's answer.
        anonymous().header("Idempotency-Key", key).body(issue).post(group(name) + "/issues").then().statusCode(401)
                .header("Idempotent-Replayed", (String) null);
        other.req().header("Idempotency-Key", key).body(issue).post(group(name) + "/issues").then().statusCode(403)
                .header("Idempotent-Replayed", (String) null);
        // The owner's retry is replayed.
        browser.req().contentType("application/json").header("X-CSRF-Token", browser.csrf())
                .header("Idempotency-Key", key).body(issue).post(group(name) + "/issues")
                .then().statusCode(201).header("Idempotent-Replayed", "true");
        owner.req().get(group(name) + "/issues").then().body("size()", equalTo(1));
    }

    /** Routes that answer with a new secret refuse the key however their path is spelt; no secret is ever stored. */
    @Test
    void secretAnswersRefuseKeysUnderEverySpellingAndNothingSecretIsStored() {
        User owner = register("Owner");
        String name = createGroup(owner);
        for (String path : List.of("/rest/v1/users/me/tokens/", "/rest/v1/session/", group(name) + "/invitations/",
                group(name) + "/events/ticket/", "/rest/v1/session/guest/")) {
            Response r = owner.req().header("Idempotency-Key", Names.unique("k")).body(Map.of("name", "t", "email",
                    owner.email(), "password", Api.PASSWORD)).post(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            if (r.statusCode() == 400) {
                assertThat(r.jsonPath().getString("message")).as(path).contains("secret");
            }
        }
        long kept = Rows.value(db, Long.class,
                "select count(*) from idempotency_key where body like '%token%' or body like '%code%' or body like '%ticket%'");
        assertThat(kept).isZero();
    }
}
