package org.estimator.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.estimate;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.estimator.db.Database;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/** No response attributes a value to a person in anonymous mode; values vanish from the database on lock. */
@QuarkusTest
class SecrecyTest {

    @Inject
    Database db;

    /** Every read route a member or the owner can call about the group and the issue. */
    private List<String> everythingVisibleTo(User user, String name, long issue) {
        List<String> bodies = new ArrayList<>();
        // The group's own details list the deck's cards, so they are compared, not searched.
        for (String path : List.of("/members", "/issues", "/issues/" + issue, "/issues/export",
                "/issues/export?format=csv", "/issues/" + issue + "/review")) {
            bodies.add(user.req().get(group(name) + path).then().extract().body().asString());
        }
        bodies.add(anonymous().get(group(name)).then().extract().body().asString());
        return bodies;
    }

    @Test
    void inAnonymousModeNoResponseTiesAValueToAVoter() {
        User owner = register("Owner");
        String name = createGroup(owner);
        Api.settings(owner, name, Map.of("deck", "CUSTOM", "cards", List.of("alpha-card", "beta-card", "gamma-card"),
                "reviewMinCards", 2));
        User ann = member(owner, name, "Ann");
        User bob = member(owner, name, "Bob");
        long issue = addIssue(owner, name, "SECRET-1");
        String detailsBefore = bob.req().get(group(name)).then().extract().body().asString();
        estimate(ann, name, issue, "alpha-card").then().statusCode(204);
        estimate(bob, name, issue, "gamma-card").then().statusCode(204);

        // Before the reveal: nobody but the author sees a value (the owner only the aggregate).
        for (String body : everythingVisibleTo(bob, name, issue)) {
            assertThat(body).doesNotContain("alpha-card");
        }
        assertThat(bob.req().get(group(name)).then().extract().body().asString()).isEqualTo(detailsBefore);
        for (String body : everythingVisibleTo(ann, name, issue)) {
            assertThat(body).doesNotContain("gamma-card");
        }
        String review = owner.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200)
                .body("count", equalTo(2)).extract().body().asString();
        assertThat(review).doesNotContain("Ann").doesNotContain("Bob").doesNotContain("votes");

        // After the reveal, members see the aggregate but still no names.
        owner.req().post(group(name) + "/issues/" + issue + "/reveal").then().statusCode(204);
        String revealed = ann.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200)
                .extract().body().asString();
        assertThat(revealed).contains("gamma-card").doesNotContain("Ann").doesNotContain("Bob")
                .doesNotContain("nickname");
        estimate(ann, name, issue, "beta-card").then().statusCode(409);
    }

    @Test
    void inOpenModeNamesAppearOnlyAfterTheReveal() {
        User owner = register("Facilitator");
        String name = createGroup(owner);
        Api.settings(owner, name, Map.of("revealMode", "OPEN", "deck", "FIBONACCI"));
        User ann = member(owner, name, "Anna");
        long issue = addIssue(owner, name, "OPEN-1");
        estimate(ann, name, issue, 13).then().statusCode(204);
        owner.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200)
                .body("votes", equalTo(null));
        ann.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(403);
        owner.req().post(group(name) + "/issues/" + issue + "/reveal").then().statusCode(204);
        ann.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200)
                .body("votes", hasSize(1)).body("votes[0].nickname", equalTo("Anna"))
                .body("votes[0].value", equalTo("13"));
    }

    @Test
    void afterLockTheDatabaseHoldsNoEstimateOfTheIssue() {
        User owner = register("Locker");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        User bob = member(owner, name, "Bob");
        long issue = addIssue(owner, name, "LOCK-1");
        long other = addIssue(owner, name, "LOCK-2");
        estimate(ann, name, issue, 3).then().statusCode(204);
        estimate(bob, name, issue, 5).then().statusCode(204);
        estimate(bob, name, other, 8).then().statusCode(204);
        owner.req().body(Map.of("value", 5)).post(group(name) + "/issues/" + issue + "/lock").then().statusCode(204);
        long rows = Rows.count(db, "estimate", "issue_id", issue);
        long others = Rows.count(db, "estimate", "issue_id", other);
        assertThat(rows).isZero();
        assertThat(others).as("other issues keep their estimates").isEqualTo(1);
    }
}
