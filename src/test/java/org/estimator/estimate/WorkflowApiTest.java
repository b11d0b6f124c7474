package org.estimator.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.estimate;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.invite;
import static org.estimator.support.Api.join;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.estimator.db.Database;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/** Each row of the original system's table, through the REST API. */
@QuarkusTest
class WorkflowApiTest {

    @Inject
    Database db;

    private long estimateRows(long issueId) {
        return Rows.count(db, "estimate", "issue_id", issueId);
    }

    @Test
    void aSignedInCreatorOwnsTheGroupAndIsAMember() {
        User owner = register("Olivia");
        String name = createGroup(owner);
        owner.req().get(group(name)).then().statusCode(200)
                .body("groupname", equalTo(name)).body("owner", equalTo("Olivia"))
                .body("role", equalTo("OWNER")).body("members", equalTo(1));
        owner.req().get(group(name) + "/members").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].nickname", equalTo("Olivia")).body("[0].role", equalTo("OWNER"));
        // Everybody else still gets only the seed contract's answer.
        anonymous().get(group(name)).then().statusCode(200).body("owner", nullValue())
                .body("groupname", equalTo(name));
    }

    @Test
    void joiningWithAnInvitationThenJoiningTwiceIsRefused() {
        User owner = register("Owen");
        String name = createGroup(owner);
        User vera = register("Vera");
        String code = invite(owner, name);
        join(vera, name, code);
        vera.req().body(Map.of("code", code)).post(group(name) + "/members").then().statusCode(409)
                .body("message", equalTo("Already a member of this group"));
        vera.req().get(group(name)).then().body("role", equalTo("VOTER")).body("members", equalTo(2));
    }

    @Test
    void joiningAnUnknownGroupOrWithABadCodeIsRefused() {
        User owner = register("Otto");
        String name = createGroup(owner);
        String other = createGroup(owner);
        String otherCode = invite(owner, other);
        User vic = register("Vic");
        vic.req().body(Map.of("code", invite(owner, name))).post(group("NoSuchGroup-" + name) + "/members")
                .then().statusCode(404);
        vic.req().body(Map.of("code", "not-a-code")).post(group(name) + "/members").then().statusCode(403);
        vic.req().body(Map.of("code", otherCode)).post(group(name) + "/members").then().statusCode(403);

        long id = owner.req().body("{}").post(group(name) + "/invitations").then().statusCode(201)
                .extract().<Number>path("id").longValue();
        String revokedCode = owner.req().get(group(name) + "/invitations").then().statusCode(200)
                .extract().path("find { it.id == " + id + " }.code");
        assertThat(revokedCode).as("codes are shown once, never listed").isNull();
        String code = invite(owner, name);
        long codeId = owner.req().get(group(name) + "/invitations").then().extract().<Number>path("[-1].id")
                .longValue();
        owner.req().delete(group(name) + "/invitations/" + codeId).then().statusCode(204);
        vic.req().body(Map.of("code", code)).post(group(name) + "/members").then().statusCode(403);
    }

    @Test
    void anExpiredInvitationIsRefused() {
        User owner = register("Ove");
        String name = createGroup(owner);
        var inv = owner.req().body(Map.of("expiresInHours", 1)).post(group(name) + "/invitations").then()
                .statusCode(201)
                .extract();
        long id = inv.<Number>path("id").longValue();
        assertThat(inv.<Number>path("expiresAt").longValue()).isGreaterThan(System.currentTimeMillis());
        assertThat(inv.<String>path("url")).contains("/join/").contains(inv.<String>path("code"));
        Rows.update(db, "update invitation set expires_at = 1 where id = ?", id);
        register("Late").req().body(Map.of("code", inv.<String>path("code"))).post(group(name) + "/members")
                .then().statusCode(403).body("message", equalTo("The invitation code is not valid"));
        owner.req().body(Map.of("expiresInHours", 0)).post(group(name) + "/invitations").then().statusCode(400);
    }

    @Test
    void aMemberWhoLeavesLeavesTheirCardInTheRoundUntilItEnds() {
        User owner = register("Ola");
        String name = createGroup(owner);
        User val = member(owner, name, "Val");
        long issue = addIssue(owner, name, "EST-1");
        estimate(val, name, issue, 8).then().statusCode(204);
        estimate(owner, name, issue, 5).then().statusCode(204);
        assertThat(estimateRows(issue)).isEqualTo(2);

        val.req().delete(group(name) + "/members/me").then().statusCode(204);

        // The round's numbers do not move: a changed count would tell what the leaver had given.
        assertThat(estimateRows(issue)).isEqualTo(2);
        owner.req().get(group(name) + "/issues/" + issue).then().body("estimates", equalTo(2)).body("voters",
                equalTo(2));
        owner.req().body(Map.of("value", 5)).post(group(name) + "/issues/" + issue + "/lock").then().statusCode(204);
        assertThat(estimateRows(issue)).isZero();
        val.req().get(group(name) + "/issues").then().statusCode(403);
        // Leaving a group one is not in.
        val.req().delete(group(name) + "/members/me").then().statusCode(403);
        owner.req().delete(group(name) + "/members/me").then().statusCode(409);
    }

    @Test
    void onlyMembersSeeAGroupsMembersAndIssues() {
        User owner = register("Oda");
        String name = createGroup(owner);
        addIssue(owner, name, "EST-1");
        User outsider = register("Xander");
        outsider.req().get(group(name) + "/members").then().statusCode(403)
                .body("message", equalTo("You are not a member of this group"));
        outsider.req().get(group(name) + "/issues").then().statusCode(403);
        anonymous().get(group(name) + "/issues").then().statusCode(401);
    }

    @Test
    void issuesHaveAStoryReferenceAndDescriptionAndALocation() {
        User owner = register("Omar");
        String name = createGroup(owner);
        var response = owner.req().body(Map.of("storyRef", "JIRA-42", "description", "As a user I want coffee"))
                .post(group(name) + "/issues");
        response.then().statusCode(201).body("storyRef", equalTo("JIRA-42")).body("state", equalTo("OPEN"));
        String location = response.header("Location");
        Api.as(owner.token()).get(java.net.URI.create(location)).then().statusCode(200)
                .body("description", equalTo("As a user I want coffee"));
        owner.req().body(Map.of("storyRef", "x".repeat(33), "description", "d")).post(group(name) + "/issues")
                .then().statusCode(400).body("message", equalTo("storyRef must be at most 32 characters"));
        owner.req().body(Map.of("storyRef", "A", "description", "d".repeat(1001))).post(group(name) + "/issues")
                .then().statusCode(400);
        User voter = member(owner, name, "Vivi");
        voter.req().body(Map.of("storyRef", "V-1", "description", "d")).post(group(name) + "/issues")
                .then().statusCode(403);
        Api.settings(owner, name, Map.of("issuePolicy", "MEMBERS"));
        voter.req().body(Map.of("storyRef", "V-1", "description", "d")).post(group(name) + "/issues")
                .then().statusCode(201);
    }

    @Test
    void anOutsiderCannotEstimateAndAnEstimateIsAWholeNumberUpTo100() {
        User owner = register("Orla");
        String name = createGroup(owner);
        long issue = addIssue(owner, name, "EST-1");
        estimate(register("Xena"), name, issue, 5).then().statusCode(403);
        estimate(owner, name, issue, 101).then().statusCode(400)
                .body("message", equalTo("value must be a whole number from 1 to 100"));
        estimate(owner, name, issue, 2.5).then().statusCode(400);
        estimate(owner, name, issue, 0).then().statusCode(400);
        estimate(owner, name, issue, "abc").then().statusCode(400);
        estimate(owner, name, issue, 100).then().statusCode(204);
    }

    @Test
    void aNewEstimateReplacesTheEarlierOneAndOnlyTheAuthorReadsIt() {
        User owner = register("Oscar");
        String name = createGroup(owner);
        User val = member(owner, name, "Vale");
        long issue = addIssue(owner, name, "EST-1");
        estimate(val, name, issue, 3).then().statusCode(204);
        estimate(val, name, issue, 13).then().statusCode(204);
        val.req().get(group(name) + "/issues/" + issue + "/estimate").then().statusCode(200).body("value",
                equalTo("13"));
        owner.req().get(group(name) + "/issues/" + issue + "/estimate").then().statusCode(404);
        assertThat(estimateRows(issue)).isEqualTo(1);
    }

    @Test
    void progressCountsEstimatesOfVotersAndWarnsBelowThreeVoters() {
        User owner = register("Oren");
        String name = createGroup(owner);
        User a = member(owner, name, "Ann");
        long issue = addIssue(owner, name, "EST-1");
        estimate(a, name, issue, 5).then().statusCode(204);
        owner.req().get(group(name) + "/issues/" + issue).then()
                .body("estimates", equalTo(1)).body("voters", equalTo(2)).body("fewVoters", equalTo(true));
        User b = member(owner, name, "Ben");
        User watcher = member(owner, name, "Wes");
        Api.setRole(owner, name, watcher, "OBSERVER");
        a.req().get(group(name) + "/issues").then().statusCode(200)
                .body("[0].estimates", equalTo(1)).body("[0].voters", equalTo(3)).body("[0].fewVoters", equalTo(false));
        estimate(watcher, name, issue, 5).then().statusCode(403).body("message", equalTo("Observers do not estimate"));
        estimate(b, name, issue, 8).then().statusCode(204);
        watcher.req().get(group(name) + "/issues/" + issue).then().statusCode(200).body("estimates", equalTo(2));
    }

    @Test
    void reviewOf25And15Averages20AndSuggests21() {
        User owner = register("Opal");
        String name = createGroup(owner);
        User a = member(owner, name, "Ada");
        Api.settings(owner, name, Map.of("reviewMinCards", 2));
        long issue = addIssue(owner, name, "EST-1");
        estimate(owner, name, issue, 25).then().statusCode(204);
        estimate(a, name, issue, 15).then().statusCode(204);
        owner.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200)
                .body("count", equalTo(2)).body("average", equalTo(20.0f)).body("nearestInteger", equalTo(20))
                .body("suggested", equalTo("21")).body("median", equalTo(20.0f))
                .body("min", equalTo(15.0f)).body("max", equalTo(25.0f))
                .body("distribution.'15'", equalTo(1)).body("distribution.'25'", equalTo(1))
                .body("consensus", equalTo(false)).body("votes", nullValue());
    }

    @Test
    void reviewWithoutEstimatesSaysMoreAreRequired() {
        User owner = register("Ozzy");
        String name = createGroup(owner);
        long issue = addIssue(owner, name, "EST-1");
        owner.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(409)
                .body("message", equalTo("More estimates are required"));
    }

    @Test
    void onlyTheOwnerReviewsLocksAndRestarts() {
        User owner = register("Oona");
        String name = createGroup(owner);
        User v = member(owner, name, "Vince");
        long issue = addIssue(owner, name, "EST-1");
        estimate(v, name, issue, 5).then().statusCode(204);
        String base = group(name) + "/issues/" + issue;
        v.req().get(base + "/review").then().statusCode(403);
        v.req().body(Map.of("value", 5)).post(base + "/lock").then().statusCode(403);
        v.req().post(base + "/restart").then().statusCode(403);
        v.req().post(base + "/reveal").then().statusCode(403);
        assertThat(estimateRows(issue)).isEqualTo(1);
    }

    @Test
    void lockKeepsTheFinalEstimateAndDeletesTheIndividualEstimates() {
        User owner = register("Odin");
        String name = createGroup(owner);
        User v = member(owner, name, "Vera");
        long issue = addIssue(owner, name, "EST-1");
        estimate(v, name, issue, 5).then().statusCode(204);
        estimate(owner, name, issue, 8).then().statusCode(204);
        String base = group(name) + "/issues/" + issue;
        owner.req().body(Map.of("value", 8)).post(base + "/lock").then().statusCode(204);

        assertThat(estimateRows(issue)).isZero();
        v.req().get(base).then().body("state", equalTo("LOCKED")).body("finalEstimate", equalTo("8"))
                .body("estimates", equalTo(0));
        estimate(v, name, issue, 3).then().statusCode(409);
        owner.req().body(Map.of("value", 8)).post(base + "/lock").then().statusCode(409);

        owner.req().post(base + "/restart").then().statusCode(204);
        v.req().get(base).then().body("state", equalTo("OPEN")).body("finalEstimate", nullValue()).body("round",
                equalTo(2));
        estimate(v, name, issue, 3).then().statusCode(204);
    }

    @Test
    void restartClearsTheEstimatesForANewRound() {
        User owner = register("Olaf");
        String name = createGroup(owner);
        long issue = addIssue(owner, name, "EST-1");
        estimate(owner, name, issue, 5).then().statusCode(204);
        owner.req().post(group(name) + "/issues/" + issue + "/restart").then().statusCode(204);
        assertThat(estimateRows(issue)).isZero();
        owner.req().get(group(name) + "/issues/" + issue + "/estimate").then().statusCode(404);
    }

    @Test
    void theOwnerRemovesAMemberAndHandsOverOwnership() {
        User owner = register("Oakley");
        String name = createGroup(owner);
        User a = member(owner, name, "Ari");
        User b = member(owner, name, "Bo");
        long issue = addIssue(owner, name, "EST-1");
        estimate(b, name, issue, 5).then().statusCode(204);
        owner.req().delete(group(name) + "/members/" + Api.userId(b)).then().statusCode(204);
        assertThat(estimateRows(issue)).as("a removed member's card stays in the round").isEqualTo(1);
        b.req().get(group(name) + "/issues").then().statusCode(403);

        owner.req().body(Map.of("userId", Api.userId(a))).post(group(name) + "/owner").then().statusCode(204);
        a.req().get(group(name)).then().body("role", equalTo("OWNER")).body("owner", equalTo("Ari"));
        owner.req().get(group(name)).then().body("role", equalTo("VOTER"));
        owner.req().post(group(name) + "/issues/" + issue + "/restart").then().statusCode(403);
        owner.req().delete(group(name) + "/members/me").then().statusCode(204);
    }

    @Test
    void deletingAGroupRemovesEverythingInIt() {
        User owner = register("Ottilie");
        String name = createGroup(owner);
        User v = member(owner, name, "Vik");
        long issue = addIssue(owner, name, "EST-1");
        estimate(v, name, issue, 5).then().statusCode(204);
        v.req().delete(group(name)).then().statusCode(403);
        owner.req().delete(group(name)).then().statusCode(204);
        anonymous().get(group(name)).then().statusCode(404);
        assertThat(estimateRows(issue)).isZero();
        long issues = Rows.count(db, "issue", "id", issue);
        assertThat(issues).isZero();
    }

    @Test
    void anIssueOfAnotherGroupIsUnknownThroughThisGroupsPath() {
        User owner = register("Oswin");
        String a = createGroup(owner);
        String b = createGroup(owner);
        long issueOfB = addIssue(owner, b, "B-1");
        owner.req().get(group(a) + "/issues/" + issueOfB).then().statusCode(404).body("message",
                equalTo("Issue not found"));
        estimate(owner, a, issueOfB, 5).then().statusCode(404);
        owner.req().body(Map.of("value", 5)).post(group(a) + "/issues/" + issueOfB + "/lock").then().statusCode(404);
        owner.req().delete(group(a) + "/issues/" + issueOfB).then().statusCode(404);
        owner.req().get(group(b) + "/issues/" + issueOfB).then().statusCode(200);
        owner.req().get(group(a) + "/issues/999999999").then().statusCode(404);
    }
}
