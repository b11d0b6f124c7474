package org.estimator.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.estimate;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.estimator.db.Database;
import org.estimator.issue.IssueService;
import org.estimator.support.Api;
import org.estimator.support.EventStream;
import org.junit.jupiter.api.Test;

/** Asynchronous rounds with a deadline, quick rounds, auto-reveal and the record of what was decided. */
@QuarkusTest
class RoundsApiTest {

    @Inject
    Database db;

    @Inject
    IssueService issues;

    private static EventStream stream(Api.User user, String name) throws Exception {
        return EventStream.open("http://localhost:" + RestAssured.port + group(name) + "/events",
                Map.of("Authorization", "Bearer " + user.token()));
    }

    private static String deadline(Api.User owner, String name, long issue, Object closesAt) {
        return owner.req().body(Map.of("closesAt", closesAt)).put(group(name) + "/issues/" + issue + "/deadline")
                .then().extract().asString();
    }

    @Test
    void aDeadlineIsAnInstantWithItsOffsetWithinNinetyDaysOfAnOpenRound() {
        Api.User owner = register("Dora");
        String name = createGroup(owner);
        Api.User member = member(owner, name, "Dirk");
        long issue = addIssue(owner, name, "D-1");
        String path = group(name) + "/issues/" + issue + "/deadline";

        OffsetDateTime tomorrow = OffsetDateTime.now(ZoneOffset.ofHours(2)).plusDays(1).withNano(0);
        owner.req().body(Map.of("closesAt", tomorrow.toString())).put(path).then().statusCode(200)
                .body("deadline", equalTo(tomorrow.toInstant().toString()));
        member.req().get(group(name) + "/issues/" + issue).then().body("deadline",
                equalTo(tomorrow.toInstant().toString()));

        for (Object bad : List.of("tomorrow", "2026-12-08T17:00:00", "2026-12-08", "", 12)) {
            owner.req().body(Map.of("closesAt", bad)).put(path).then().statusCode(400).body("message",
                    startsWith(bad.equals("") ? "closesAt is required" : "closesAt must be an ISO-8601 date"));
        }
        owner.req().body(Map.of("closesAt", OffsetDateTime.now().minusMinutes(1).toString())).put(path).then()
                .statusCode(400).body("message", equalTo("closesAt is in the past"));
        owner.req().body(Map.of("closesAt", OffsetDateTime.now().plusDays(91).toString())).put(path).then()
                .statusCode(400).body("message", equalTo("closesAt must be within 90 days"));
        owner.req().body("{}").put(path).then().statusCode(400);
        member.req().body(Map.of("closesAt", tomorrow.toString())).put(path).then().statusCode(403);
        member.req().delete(path).then().statusCode(403);
        owner.req().body(Map.of("closesAt", tomorrow.toString())).put(group(name) + "/issues/999999/deadline").then()
                .statusCode(404);

        owner.req().delete(path).then().statusCode(204);
        owner.req().get(group(name) + "/issues/" + issue).then().body("deadline", nullValue());

        owner.req().body(Map.of("value", 5)).post(group(name) + "/issues/" + issue + "/lock").then().statusCode(204);
        owner.req().body(Map.of("closesAt", tomorrow.toString())).put(path).then().statusCode(409);
    }

    @Test
    void atItsDeadlineTheRoundClosesAndIsRevealedOnceAsTheGroupReveals() throws Exception {
        Api.User owner = register("Ada");
        String name = createGroup(owner);
        Api.User ben = member(owner, name, "Ben");
        Api.User cy = member(owner, name, "Cy");
        long issue = addIssue(owner, name, "ASYNC-1");
        estimate(owner, name, issue, 3).then().statusCode(204);
        estimate(ben, name, issue, 5).then().statusCode(204);
        estimate(cy, name, issue, 8).then().statusCode(204);
        try (EventStream bens = stream(ben, name)) {
            deadline(owner, name, issue, Instant.now().plusMillis(1500).toString());
            bens.next(e -> "deadline.set".equals(e.type()));
            EventStream.Event revealed = bens.next(e -> "issue.revealed".equals(e.type()));
            assertThat(revealed.json().get("reason").asText()).isEqualTo("deadline");
            assertThat(revealed.data()).doesNotContain("userId").doesNotContain("nickname");
            assertThat(bens.drain(1500)).noneMatch(e -> "issue.revealed".equals(e.type()));
        }
        ben.req().get(group(name) + "/issues/" + issue).then().body("state", equalTo("REVEALED"))
                .body("deadline", nullValue());
        // Anonymous: the aggregate, for every member, and no names.
        ben.req().get(group(name) + "/issues/" + issue + "/review").then().statusCode(200)
                .body("count", equalTo(3)).body("votes", nullValue());
        estimate(cy, name, issue, 13).then().statusCode(409);

        // Exactly one closes a round, however many instances try at once (the update is conditional).
        long other = addIssue(owner, name, "ASYNC-2");
        deadline(owner, name, other, Instant.now().plusSeconds(3600).toString());
        long later = System.currentTimeMillis() + 7_200_000;
        boolean first = db.write(tx -> issues.closeAtDeadline(tx, other, later));
        boolean second = db.write(tx -> issues.closeAtDeadline(tx, other, later));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
    }

    @Test
    void autoRevealRevealsOnTheLastVotersCardNamingNobody() throws Exception {
        Api.User owner = register("Ona");
        String name = createGroup(owner);
        Api.User p = member(owner, name, "Pia");
        Api.User q = member(owner, name, "Quin");
        Api.User watcher = member(owner, name, "Wes");
        Api.setRole(owner, name, watcher, "OBSERVER");
        Api.settings(owner, name, Map.of("autoReveal", true));
        owner.req().get(group(name)).then().body("autoReveal", equalTo(true));
        long issue = addIssue(owner, name, "AUTO-1");
        try (EventStream watchers = stream(watcher, name)) {
            estimate(owner, name, issue, 3).then().statusCode(204);
            estimate(p, name, issue, 5).then().statusCode(204);
            estimate(p, name, issue, 8).then().statusCode(204); // a changed card completes nothing
            owner.req().get(group(name) + "/issues/" + issue).then().body("state", equalTo("OPEN"));
            estimate(q, name, issue, 5).then().statusCode(204); // the third of three voters (the observer does not vote)
            EventStream.Event count = watchers.next(e -> "estimates.count".equals(e.type())
                    && e.json().get("estimates").asInt() == 3);
            EventStream.Event revealed = watchers.next(e -> "issue.revealed".equals(e.type()));
            // Right after the count everyone saw (the owner's review.changed, which others skip, is between).
            assertThat(revealed.seq()).isEqualTo(count.seq() + 2);
            assertThat(revealed.json().get("reason").asText()).isEqualTo("all-voted");
            assertThat(revealed.data()).doesNotContain("userId").doesNotContain("nickname");
        }
        owner.req().get(group(name) + "/issues/" + issue).then().body("state", equalTo("REVEALED"));

        // Two voters under a minimum of three cards: the review would be withheld, so the owner decides.
        Api.setRole(owner, name, q, "OBSERVER");
        long small = addIssue(owner, name, "AUTO-2");
        estimate(owner, name, small, 3).then().statusCode(204);
        estimate(p, name, small, 3).then().statusCode(204);
        owner.req().get(group(name) + "/issues/" + small).then().body("state", equalTo("OPEN"));

        // Off by default: a new group's rounds wait for the owner.
        String plain = createGroup(owner);
        owner.req().get(group(plain)).then().body("autoReveal", equalTo(false));
    }

    @Test
    void aQuickRoundIsAnIssueNamedByTheTimeOrWhatItIs() {
        Api.User owner = register("Quincy");
        String name = createGroup(owner);
        Api.User member = member(owner, name, "Mara");
        String location = owner.req().body("{}").post(group(name) + "/issues/quick").then().statusCode(201)
                .body("storyRef", startsWith("Quick 20")).body("state", equalTo("OPEN")).extract().header("Location");
        assertThat(location).contains("/issues/");
        owner.req().body(Map.of("storyRef", "Login bug")).post(group(name) + "/issues/quick").then().statusCode(201)
                .body("storyRef", equalTo("Login bug")).body("description", startsWith("Quick round started "));
        owner.req().post(group(name) + "/issues/quick").then().statusCode(201);
        member.req().body("{}").post(group(name) + "/issues/quick").then().statusCode(403);
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        estimate(member, name, id, 5).then().statusCode(204);
    }

    @Test
    void theHistoryTellsWhatWasDecidedInHowManyRoundsAndHowLongItTook() throws Exception {
        Api.User owner = register("Hera");
        String name = createGroup(owner);
        long issue = addIssue(owner, name, "H-1");
        estimate(owner, name, issue, 3).then().statusCode(204);
        owner.req().post(group(name) + "/issues/" + issue + "/restart").then().statusCode(204);
        Thread.sleep(1100);
        estimate(owner, name, issue, 5).then().statusCode(204);
        owner.req().body(Map.of("value", 5)).post(group(name) + "/issues/" + issue + "/lock").then().statusCode(204);
        long untouched = addIssue(owner, name, "H-2");
        owner.req().body(Map.of("value", 8)).post(group(name) + "/issues/" + untouched + "/lock").then()
                .statusCode(204);
        addIssue(owner, name, "H-3");

        var json = owner.req().get(group(name) + "/issues/export").then().statusCode(200).extract().jsonPath();
        assertThat(json.getInt("[0].rounds")).isEqualTo(2);
        assertThat(json.getLong("[0].estimatingSeconds")).isBetween(1L, 30L);
        assertThat(Instant.parse(json.getString("[0].lockedAt"))).isBetween(Instant.now().minus(Duration.ofMinutes(1)),
                Instant.now().plusSeconds(1));
        assertThat(json.getString("[1].estimatingSeconds")).isNull(); // locked without a card
        assertThat(json.getString("[2].lockedAt")).isNull();
        String csv = owner.req().get(group(name) + "/issues/export?format=csv").then().extract().asString();
        assertThat(csv)
                .startsWith("storyRef,description,state,finalEstimate,link,rounds,estimatingSeconds,lockedAt\r\n")
                .contains(",LOCKED,5,,2,").contains(",OPEN,,,1,,\r\n");
        // Nothing in the history names a card.
        assertThat(csv).doesNotContain("Hera");
    }
}
