package org.estimator.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.estimate;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.EventStream;
import org.junit.jupiter.api.Test;

/**
 * The anonymity promise against the owner: a card given in an anonymous round is never tied to its
 * giver — not by a later switch to open mode, not by a role change or a departure, not by a race.
 */
@QuarkusTest
class AnonymityTest {

    record Team(User owner, String name, User ann, User bob, User cid, long issue) {

        String issuePath() {
            return group(name) + "/issues/" + issue;
        }
    }

    /** An anonymous group with three voters (and the owner), who all voted on one issue. */
    static Team votedTeam() {
        User owner = register("Owner");
        String name = createGroup(owner);
        Api.settings(owner, name, Map.of("deck", "FIBONACCI"));
        User ann = member(owner, name, "Ann");
        User bob = member(owner, name, "Bob");
        User cid = member(owner, name, "Cid");
        long issue = addIssue(owner, name, "ANON-1");
        estimate(ann, name, issue, 3).then().statusCode(204);
        estimate(bob, name, issue, 5).then().statusCode(204);
        estimate(cid, name, issue, 8).then().statusCode(204);
        return new Team(owner, name, ann, bob, cid, issue);
    }

    static String review(User user, Team t) {
        return user.req().get(t.issuePath() + "/review").then().statusCode(200).extract().asString();
    }

    @Test
    void switchingToOpenModeNeverNamesCardsGivenAnonymously() {
        Team t = votedTeam();
        t.owner().req().post(t.issuePath() + "/reveal").then().statusCode(204);
        Api.settings(t.owner(), t.name(), Map.of("revealMode", "OPEN"));

        for (User u : List.of(t.owner(), t.ann(), t.bob())) {
            String review = review(u, t);
            assertThat(review).doesNotContain("votes").doesNotContain("Ann").doesNotContain("Bob")
                    .doesNotContain("Cid");
        }
        t.ann().req().get(t.issuePath()).then().body("revealMode", equalTo("ANONYMOUS"));
        String page = t.ann().req().get("/group/" + org.estimator.web.Links.segment(t.name()) + "/issues/" + t.issue())
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("Anonymous round").doesNotContain("Cards by name");

        // The next round starts under the new style, and says so before the first card.
        t.owner().req().post(t.issuePath() + "/restart").then().statusCode(204);
        t.ann().req().get(t.issuePath()).then().body("revealMode", equalTo("OPEN"));
        estimate(t.ann(), t.name(), t.issue(), 13).then().statusCode(204);
        t.owner().req().post(t.issuePath() + "/reveal").then().statusCode(204);
        t.bob().req().get(t.issuePath() + "/review").then().statusCode(200)
                .body("votes", hasSize(1)).body("votes[0].nickname", equalTo("Ann"));
    }

    @Test
    void aSwitchToAnonymousHidesTheNamesOfAnOpenRound() {
        User owner = register("Owner");
        String name = createGroup(owner);
        Api.settings(owner, name, Map.of("revealMode", "OPEN", "reviewMinCards", 1));
        User ann = member(owner, name, "Ann");
        long issue = addIssue(owner, name, "OPEN-1");
        estimate(ann, name, issue, 3).then().statusCode(204);
        owner.req().post(group(name) + "/issues/" + issue + "/reveal").then().statusCode(204);
        ann.req().get(group(name) + "/issues/" + issue + "/review").then().body("votes", hasSize(1));
        Api.settings(owner, name, Map.of("revealMode", "ANONYMOUS"));
        ann.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200).body("votes", nullValue());
    }

    @Test
    void aCardShownAsAnonymousIsRefusedOnceTheRoundWouldNameIt() {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        long issue = addIssue(owner, name, "RACE-1");
        // The page showed "anonymous"; meanwhile the owner switched to open mode.
        Api.settings(owner, name, Map.of("revealMode", "OPEN"));
        ann.req().body(Map.of("value", 5, "revealMode", "ANONYMOUS"))
                .put(group(name) + "/issues/" + issue + "/estimate")
                .then().statusCode(409).body("message", containsString("open mode"));
        ann.req().get(group(name) + "/issues/" + issue).then().body("estimates", equalTo(0));
        ann.req().body(Map.of("value", 5, "revealMode", "OPEN")).put(group(name) + "/issues/" + issue + "/estimate")
                .then().statusCode(204);
    }

    /** What the owner (or anyone) can read about the round: counts, the aggregate, the export. */
    static List<String> ownersView(Team t) {
        List<String> view = new ArrayList<>();
        view.add(t.owner().req().get(t.issuePath()).then().extract().path("estimates").toString());
        Response review = t.owner().req().get(t.issuePath() + "/review");
        view.add(review.statusCode() + " " + review.jsonPath().getString("count") + " "
                + review.jsonPath().getString("distribution")
                + " " + review.jsonPath().getString("average"));
        return view;
    }

    @Test
    void makingAVoterAnObserverOrRemovingThemChangesNoNumberOfTheOpenRound() throws Exception {
        Team t = votedTeam();
        List<String> before = ownersView(t);
        try (EventStream owners = EventStream.open("http://localhost:" + RestAssured.port + group(t.name()) + "/events",
                Map.of("Authorization", "Bearer " + t.owner().token()))) {
            owners.expect("snapshot");
            Api.setRole(t.owner(), t.name(), t.bob(), "OBSERVER");
            assertThat(ownersView(t)).as("the distribution does not lose Bob's card").isEqualTo(before);
            t.owner().req().delete(group(t.name()) + "/members/" + Api.userId(t.cid())).then().statusCode(204);
            assertThat(ownersView(t)).isEqualTo(before);
            // No count moves on the stream either: nobody learns on which issues they had voted.
            List<EventStream.Event> events = owners.drain(1500);
            assertThat(events).extracting(EventStream.Event::type).doesNotContain("estimates.count");
            assertThat(events).extracting(EventStream.Event::type).contains("member.role", "member.removed");
        }
        // The observer cannot add a card, and a voter who rejoins the voters finds their own again.
        estimate(t.bob(), t.name(), t.issue(), 13).then().statusCode(403);
        Api.setRole(t.owner(), t.name(), t.bob(), "VOTER");
        t.bob().req().get(t.issuePath() + "/estimate").then().statusCode(200).body("value", equalTo("5"));
    }

    @Test
    void aMemberWhoLeavesAfterTheRevealLeavesTheRevealedChartAsItWas() {
        Team t = votedTeam();
        t.owner().req().post(t.issuePath() + "/reveal").then().statusCode(204);
        String chart = review(t.ann(), t);
        t.bob().req().delete(group(t.name()) + "/members/me").then().statusCode(204);
        assertThat(review(t.ann(), t)).isEqualTo(chart);
        t.ann().req().get(t.issuePath()).then().body("estimates", equalTo(3)).body("voters", equalTo(3));
    }

    @Test
    void theReviewWaitsForTheGroupsMinimumOfCards() {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        User bob = member(owner, name, "Bob");
        long issue = addIssue(owner, name, "MIN-1");
        owner.req().get(group(name)).then().body("reviewMinCards", equalTo(3));
        estimate(ann, name, issue, 3).then().statusCode(204);
        estimate(bob, name, issue, 5).then().statusCode(204);
        // Two cards and their average are the two cards: nothing is shown, and nothing can be revealed.
        owner.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(409)
                .body("message", containsString("from 3 cards on"));
        owner.req().post(group(name) + "/issues/" + issue + "/reveal").then().statusCode(409);
        estimate(owner, name, issue, 8).then().statusCode(204);
        owner.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200).body("count", equalTo(3));

        owner.req().body(Map.of("reviewMinCards", 0)).put(group(name) + "/settings").then().statusCode(400)
                .body("message", containsString("reviewMinCards"));
        owner.req().body(Map.of("reviewMinCards", 101)).put(group(name) + "/settings").then().statusCode(400);
        Api.settings(owner, name, Map.of("reviewMinCards", 4));
        owner.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(409);
    }

    /**
     * A card racing its giver's change to observer is either given before it (and stays) or refused:
     * in the group's log no count ever rises after the role change. Bob is the issue's only voter.
     */
    @Test
    void aCardRacingItsGiversChangeToObserverIsNeverCountedAfterIt() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        Api.settings(owner, name, Map.of("reviewMinCards", 1));
        User bob = member(owner, name, "Bob");
        long bobId = Api.userId(bob);
        for (int round = 0; round < 12; round++) {
            long issue = addIssue(owner, name, "RACE-" + round);
            try (EventStream s = EventStream.open("http://localhost:" + RestAssured.port + group(name) + "/events",
                    Map.of("Authorization", "Bearer " + owner.token()))) {
                s.expect("snapshot");
                CompletableFuture<Integer> card = CompletableFuture
                        .supplyAsync(() -> estimate(bob, name, issue, 5).statusCode());
                CompletableFuture<Integer> role = CompletableFuture.supplyAsync(() -> owner.req()
                        .body(Map.of("role", "OBSERVER")).put(group(name) + "/members/" + bobId + "/role")
                        .statusCode());
                assertThat(role.get()).isEqualTo(200);
                int status = card.get();
                assertThat(status).isIn(204, 403);
                boolean sawRole = false;
                boolean countAfterRole = false;
                boolean counted = false;
                for (EventStream.Event e : s.drain(400)) {
                    if (e.type().equals("member.role")) {
                        sawRole = true;
                    } else if (e.type().equals("estimates.count") && e.json().get("issueId").asLong() == issue) {
                        counted = true;
                        countAfterRole |= sawRole;
                    }
                }
                assertThat(countAfterRole).as("round " + round + ": a card counted after its giver stopped voting")
                        .isFalse();
                assertThat(counted).as("round " + round + ": the answer matches what was counted")
                        .isEqualTo(status == 204);
            }
            Api.setRole(owner, name, bob, "VOTER");
        }
    }
}
