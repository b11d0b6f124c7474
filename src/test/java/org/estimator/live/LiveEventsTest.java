package org.estimator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.estimate;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.estimator.db.Database;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.EventStream;
import org.estimator.support.EventStream.Event;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/** A group's live events: content and order of a whole round, resume, presence, and the ends of streams. */
@QuarkusTest
class LiveEventsTest {

    static final List<String> CARDS = List.of("alpha-card", "beta-card", "gamma-card", "final-card");

    @Inject
    Database db;

    static EventStream stream(User user, String name, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("Authorization", "Bearer " + user.token());
        return EventStream.open(url(name), headers);
    }

    static EventStream stream(User user, String name) throws Exception {
        return stream(user, name, Map.of());
    }

    static String url(String name) {
        return "http://localhost:" + RestAssured.port + group(name) + "/events";
    }

    @Test
    void aWholeRoundArrivesInOrderWithoutAnyValueOrVoter() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        Api.settings(owner, name, Map.of("deck", "CUSTOM", "cards", CARDS));
        User ann = member(owner, name, "Ann");
        User bob = member(owner, name, "Bob");

        try (EventStream owners = stream(owner, name); EventStream anns = stream(ann, name)) {
            assertThat(owners.status).isEqualTo(200);
            assertThat(owners.contentType).startsWith("text/event-stream");
            Event first = owners.next(e -> true);
            assertThat(first.retry()).as("the first thing a stream says is how soon to reconnect").isNotNull();
            Event snapshot = owners.expect("snapshot");
            assertThat(snapshot.json().get("members")).hasSize(3);
            assertThat(snapshot.json().get("group").get("cards").toString()).contains("alpha-card");
            anns.expect("snapshot");

            long issue = addIssue(owner, name, "LIVE-1");
            estimate(ann, name, issue, "alpha-card").then().statusCode(204);
            estimate(ann, name, issue, "beta-card").then().statusCode(204); // a change: no new count
            estimate(bob, name, issue, "gamma-card").then().statusCode(204);
            estimate(owner, name, issue, "gamma-card").then().statusCode(204);
            owner.req().post(group(name) + "/issues/" + issue + "/reveal").then().statusCode(204);
            owner.req().body(Map.of("value", "final-card")).post(group(name) + "/issues/" + issue + "/lock")
                    .then().statusCode(204);
            owner.req().post(group(name) + "/issues/" + issue + "/restart").then().statusCode(204);
            owner.req().body(Map.of("seconds", 60)).post(group(name) + "/issues/" + issue + "/timer").then()
                    .statusCode(204);
            owner.req().delete(group(name) + "/issues/" + issue + "/timer").then().statusCode(204);

            for (EventStream s : List.of(owners, anns)) {
                List<Event> round = new ArrayList<>();
                for (String type : List.of("issue.added", "estimates.count", "estimates.count", "estimates.count",
                        "issue.revealed", "issue.locked", "issue.restarted", "timer.started", "timer.ended")) {
                    round.add(s.expectSkippingAsides(type));
                }
                assertThat(round.get(1).json().get("estimates").asInt()).isEqualTo(1);
                assertThat(round.get(2).json().get("estimates").asInt()).isEqualTo(2);
                assertThat(round.get(3).json().get("estimates").asInt()).isEqualTo(3);
                assertThat(round.get(5).json().get("finalEstimate").asText()).isEqualTo("final-card");
                assertThat(round.get(8).json().get("reason").asText()).isEqualTo("stopped");
                // Ids rise by one: nothing was skipped, nothing repeated.
                for (int i = 1; i < round.size(); i++) {
                    assertThat(round.get(i).seq()).isGreaterThan(round.get(i - 1).seq());
                }
                for (Event e : s.seen()) {
                    if (e.data() == null || e.type().equals("snapshot") || e.type().equals("review.changed")) {
                        continue;
                    }
                    String data = e.data();
                    assertThat(data).doesNotContain("alpha-card", "beta-card", "gamma-card");
                    if (!e.type().equals("issue.locked")) {
                        assertThat(data).doesNotContain("final-card");
                    }
                    if (e.type().equals("estimates.count")) {
                        assertThat(fieldNames(e.json())).containsExactlyInAnyOrder("issueId", "estimates");
                    }
                }
            }
            // The owner's view followed each card, the changed one too; below the group's minimum of
            // three cards it says why it shows nothing. Ann saw none of it.
            List<JsonNode> reviews = owners.seen().stream().filter(e -> e.type().equals("review.changed"))
                    .map(Event::json).toList();
            assertThat(reviews).hasSize(4);
            assertThat(reviews).extracting(r -> r.get("estimates").asInt()).containsExactly(1, 1, 2, 3);
            for (JsonNode r : reviews.subList(0, 3)) {
                assertThat(r.has("review")).isFalse();
                assertThat(r.get("message").asText()).contains("from 3 cards on");
            }
            JsonNode review = reviews.get(3).get("review");
            assertThat(review.get("distribution").toString()).isEqualTo("{\"beta-card\":1,\"gamma-card\":2}");
            assertThat(reviews.get(3).toString()).doesNotContain("Ann", "Bob", "Owner", "alpha-card");
            assertThat(anns.seen()).extracting(Event::type).doesNotContain("review.changed");
        }
    }

    @Test
    void aStreamResumesWithExactlyTheMissedEvents() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        Api.settings(owner, name, Map.of("reviewMinCards", 1));
        long issue = addIssue(owner, name, "RESUME-1");
        long lastSeen;
        try (EventStream s = stream(owner, name)) {
            lastSeen = s.expect("snapshot").seq();
            estimate(ann, name, issue, 3).then().statusCode(204);
            lastSeen = s.expectSkippingAsides("estimates.count").seq();
        }
        // Changes while the owner is away.
        long second = addIssue(owner, name, "RESUME-2");
        estimate(ann, name, second, 5).then().statusCode(204);
        owner.req().post(group(name) + "/issues/" + issue + "/reveal").then().statusCode(204);

        try (EventStream s = stream(owner, name, Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
            List<Event> missed = new ArrayList<>();
            missed.add(s.next());
            missed.addAll(s.drain(500));
            List<String> types = missed.stream().filter(e -> !e.type().equals("presence")).map(Event::type).toList();
            // The owner's view after Ann's first card came after the last event read: it is missed too.
            assertThat(types).containsExactly("review.changed", "issue.added", "estimates.count", "review.changed",
                    "issue.revealed");
            Set<Long> ids = new HashSet<>();
            long previous = lastSeen;
            for (Event e : missed) {
                assertThat(e.seq()).isEqualTo(previous + 1);
                assertThat(ids.add(e.seq())).isTrue();
                previous = e.seq();
            }
            // And then live events go on from there.
            owner.req().post(group(name) + "/issues/" + second + "/reveal").then().statusCode(204);
            assertThat(s.expectSkippingAsides("issue.revealed").seq()).isGreaterThan(previous);
        }
    }

    @Test
    void anIdOlderThanTheLogGetsASnapshot() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        addIssue(owner, name, "OLD-1");
        addIssue(owner, name, "OLD-2");
        // The log keeps events for a while only; here they are trimmed by hand.
        long groupId = Rows.value(db, Long.class, "select id from estimation_group where name = ?", name);
        Rows.update(db, "delete from group_event where group_id = ?", groupId);
        try (EventStream s = stream(owner, name, Map.of("Last-Event-ID", "0"))) {
            Event snapshot = s.expect("snapshot");
            assertThat(snapshot.json().get("issues")).hasSize(2);
        }
        // An id that was never given out, or is not a number, also starts over.
        try (EventStream s = stream(owner, name, Map.of("Last-Event-ID", "999999"))) {
            s.expect("snapshot");
        }
        try (EventStream s = stream(owner, name, Map.of("Last-Event-ID", "yesterday"))) {
            s.expect("snapshot");
        }
    }

    @Test
    void aRemovedMemberLosesTheStreamAtOnce() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        long annId = Api.userId(ann);
        try (EventStream anns = stream(ann, name); EventStream owners = stream(owner, name)) {
            anns.expect("snapshot");
            owners.expect("snapshot");
            owner.req().delete(group(name) + "/members/" + annId).then().statusCode(204);
            assertThat(anns.expectSkippingAsides("member.removed").json().get("userId").asLong()).isEqualTo(annId);
            assertThat(anns.endsWithin(5)).isTrue();
            assertThat(owners.expectSkippingAsides("member.removed").json().get("nickname").asText())
                    .isEqualTo("Ann");
            assertThat(owners.endsWithin(1)).as("the others' streams go on").isFalse();
        }
        assertThat(stream(ann, name).status).isEqualTo(403);
    }

    @Test
    void aDeletedGroupEndsItsStreams() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        try (EventStream anns = stream(ann, name)) {
            anns.expect("snapshot");
            owner.req().delete(group(name)).then().statusCode(204);
            anns.expectSkippingAsides("group.deleted");
            assertThat(anns.endsWithin(5)).isTrue();
        }
    }

    @Test
    void presenceCountsAMemberWithTwoTabsOnce() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        long annId = Api.userId(ann);
        try (EventStream owners = stream(owner, name)) {
            owners.expect("snapshot");
            // Presence is announced on a tick, once a state has held for a whole interval: the
            // owner's own stream too.
            Event self = owners.expect("presence");
            assertThat(self.json().get("userId").asLong()).isEqualTo(Api.userId(owner));
            EventStream tab1 = stream(ann, name);
            Event online = owners.expect("presence");
            assertThat(online.json().get("userId").asLong()).isEqualTo(annId);
            assertThat(online.json().get("online").asBoolean()).isTrue();
            try (EventStream late = stream(owner, name)) {
                assertThat(late.expect("snapshot").json().get("online").toString()).contains("Owner", "Ann");
            }
            EventStream tab2 = stream(ann, name);
            tab2.expect("snapshot");
            tab1.close();
            assertThat(owners.drain(3000)).as("one tab closed, the other is still open").isEmpty();
            tab2.close();
            Event offline = owners.expect("presence");
            assertThat(offline.json().get("userId").asLong()).isEqualTo(annId);
            assertThat(offline.json().get("online").asBoolean()).isFalse();
        }
    }

    @Test
    void aMemberWhoOpensTheRoomAndVotesAtOnceIsCountedBeforeBeingShownOnline() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        long issue = addIssue(owner, name, "PRESENCE-1");
        try (EventStream owners = stream(owner, name)) {
            owners.expect("snapshot");
            owners.expect("presence"); // the owner's own
            try (EventStream anns = stream(ann, name)) {
                anns.expect("snapshot");
                estimate(ann, name, issue, 5).then().statusCode(204);
                // The count arrives first: "came online, then the count rose" cannot point at Ann.
                Event next = owners.next();
                assertThat(next.type()).isEqualTo("estimates.count");
                Event presence = owners.next(e -> e.data() != null && !e.type().equals("review.changed"));
                assertThat(presence.type()).isEqualTo("presence");
                assertThat(presence.json().get("userId").asLong()).isEqualTo(Api.userId(ann));
            }
        }
    }

    @Test
    void aClientOpeningAndClosingItsStreamInALoopMakesNoPresenceEventsAndIsLimited() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User guest = Api.guest(owner, name, "Looper");
        try (EventStream owners = stream(owner, name)) {
            owners.expect("snapshot");
            owners.expect("presence"); // the owner's own
            int refused = 0;
            for (int i = 0; i < 70; i++) {
                EventStream s = stream(guest, name);
                if (s.status == 429) {
                    refused++;
                }
                s.close();
            }
            assertThat(refused).as("opens beyond the per-minute limit are refused").isGreaterThanOrEqualTo(10);
            List<Event> flood = owners.drain(3000);
            // Before: an event per open and per close (184 in 4 s for 100 loops). Now at most the guest's
            // coming and going, once each, if the server noticed the closes late.
            assertThat(flood).as("presence is coalesced").hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void membersOfTheGroupJoinLeaveAndChangeLive() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        try (EventStream s = stream(owner, name)) {
            s.expect("snapshot");
            User ann = member(owner, name, "Ann");
            assertThat(s.expectSkippingAsides("member.joined").json().get("nickname").asText()).isEqualTo("Ann");
            Api.setRole(owner, name, ann, "OBSERVER");
            assertThat(s.expectSkippingAsides("member.role").json().get("role").asText()).isEqualTo("OBSERVER");
            long issue = addIssue(owner, name, "EDIT-1");
            s.expectSkippingAsides("issue.added");
            owner.req().body(Map.of("storyRef", "EDIT-2", "description", "d")).put(group(name) + "/issues/" + issue)
                    .then().statusCode(200);
            assertThat(s.expectSkippingAsides("issue.changed").json().get("storyRef").asText()).isEqualTo("EDIT-2");
            ann.req().delete(group(name) + "/members/me").then().statusCode(204);
            s.expectSkippingAsides("member.left");
            owner.req().delete(group(name) + "/issues/" + issue).then().statusCode(204);
            assertThat(s.expectSkippingAsides("issue.deleted").json().get("id").asLong()).isEqualTo(issue);
        }
    }

    @Test
    void settingsOwnershipAndRunningOutTimersAreAnnounced() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User ann = member(owner, name, "Ann");
        long issue = addIssue(owner, name, "TIMER-1");
        estimate(ann, name, issue, 3).then().statusCode(204);
        try (EventStream s = stream(owner, name)) {
            s.expect("snapshot");
            // A new deck voids the estimates given with the old cards: the count goes back to 0.
            Api.settings(owner, name, Map.of("deck", "TSHIRT"));
            assertThat(s.expectSkippingAsides("group.settings").json().get("deck").asText()).isEqualTo("TSHIRT");
            Event reset = s.expectSkippingAsides("estimates.count");
            assertThat(reset.json().get("issueId").asLong()).isEqualTo(issue);
            assertThat(reset.json().get("estimates").asInt()).isZero();

            owner.req().body(Map.of("seconds", 1)).post(group(name) + "/issues/" + issue + "/timer").then()
                    .statusCode(204);
            s.expectSkippingAsides("timer.started");
            Event ended = s.expectSkippingAsides("timer.ended");
            assertThat(ended.json().get("reason").asText()).isEqualTo("expired");
            owner.req().get(group(name) + "/issues/" + issue).then().statusCode(200)
                    .body("timerEndsAt", org.hamcrest.Matchers.nullValue());

            owner.req().body(Map.of("userId", Api.userId(ann))).post(group(name) + "/owner").then().statusCode(204);
            assertThat(s.expectSkippingAsides("member.role").json().get("role").asText()).isEqualTo("VOTER");
            assertThat(s.expectSkippingAsides("member.role").json().get("role").asText()).isEqualTo("OWNER");
            assertThat(s.expectSkippingAsides("group.owner").json().get("nickname").asText()).isEqualTo("Ann");
        }
    }

    @Test
    void onlyTheOwnerNowFollowsTheReviewLiveAlsoAfterAHandOverAndOnResume() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        Api.settings(owner, name, Map.of("reviewMinCards", 2, "revealMode", "OPEN"));
        User ann = member(owner, name, "Ann");
        User bob = member(owner, name, "Bob");
        long issue = addIssue(owner, name, "REVIEW-1");
        long beforeHandOver;
        try (EventStream owners = stream(owner, name);
                EventStream anns = stream(ann, name);
                EventStream bobs = stream(bob, name)) {
            owners.expect("snapshot");
            anns.expect("snapshot");
            bobs.expect("snapshot");
            estimate(ann, name, issue, 3).then().statusCode(204);
            estimate(bob, name, issue, 5).then().statusCode(204);
            JsonNode two = owners
                    .next(e -> e.type().equals("review.changed") && e.json().get("estimates").asInt() == 2).json();
            assertThat(two.get("review").get("distribution").toString()).isEqualTo("{\"3\":1,\"5\":1}");
            // A changed card: no count for anyone, a new aggregate for the owner alone. An open
            // round names cards only after the reveal: not here.
            estimate(ann, name, issue, 8).then().statusCode(204);
            JsonNode changed = owners.next(e -> e.type().equals("review.changed")).json();
            assertThat(changed.get("estimates").asInt()).isEqualTo(2);
            assertThat(changed.get("review").get("distribution").toString()).isEqualTo("{\"5\":1,\"8\":1}");
            assertThat(changed.toString()).doesNotContain("Ann", "Bob", "votes");

            owner.req().body(Map.of("userId", Api.userId(ann))).post(group(name) + "/owner").then().statusCode(204);
            beforeHandOver = anns.next(e -> e.type().equals("group.owner")).seq();
            owners.next(e -> e.type().equals("group.owner"));
            // From the hand-over on, Ann is the one who follows the review.
            estimate(bob, name, issue, 13).then().statusCode(204);
            JsonNode anns13 = anns.next(e -> e.type().equals("review.changed")).json();
            assertThat(anns13.get("review").get("distribution").toString()).isEqualTo("{\"8\":1,\"13\":1}");
            ann.req().post(group(name) + "/issues/" + issue + "/reveal").then().statusCode(204);
            for (EventStream s : List.of(owners, anns, bobs)) {
                s.next(e -> e.type().equals("issue.revealed"));
            }
            assertThat(owners.seen().stream().filter(e -> e.type().equals("review.changed")).count())
                    .as("the former owner got the views up to the hand-over, none after").isEqualTo(3);
            assertThat(bobs.seen()).extracting(Event::type).doesNotContain("review.changed");
            assertThat(anns.seen().stream().filter(e -> e.type().equals("review.changed")).count()).isEqualTo(1);
        }
        // Resuming from before Bob's last card: the new owner gets that view again, the others do not.
        for (User who : List.of(owner, ann, bob)) {
            try (EventStream s = stream(who, name, Map.of("Last-Event-ID", Long.toString(beforeHandOver)))) {
                List<Event> missed = new ArrayList<>();
                missed.add(s.next());
                missed.addAll(s.drain(500));
                List<String> types = missed.stream().map(Event::type).filter(t -> !t.equals("presence")).toList();
                if (who == ann) {
                    assertThat(types).containsExactly("review.changed", "issue.revealed");
                } else {
                    assertThat(types).containsExactly("issue.revealed");
                }
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
