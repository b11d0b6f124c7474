package org.estimator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.estimator.db.Database;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.EventStream;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/** Who may open a group's event stream, with a bearer token or a single-use ticket. */
@QuarkusTest
class StreamAccessTest {

    @Inject
    Database db;

    private static EventStream open(String name, Map<String, String> headers, String query) throws Exception {
        return EventStream.open(LiveEventsTest.url(name) + query, headers);
    }

    private static void refused(EventStream s, int status) {
        assertThat(s.status).isEqualTo(status);
        assertThat(s.body).contains("\"message\"");
        assertThat(s.contentType).startsWith("application/json");
    }

    private static String ticket(User user, String name) {
        return user.req().post(group(name) + "/events/ticket").then().statusCode(201).extract().path("ticket");
    }

    @Test
    void onlyMembersOfTheGroupOpenItsStream() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User outsider = register("Outsider");
        String other = createGroup(outsider);
        User otherGuest = Api.guest(outsider, other, "Visitor");

        refused(open(name, Map.of(), ""), 401);
        refused(open(name, Map.of("Authorization", "Bearer not-a-token"), ""), 401);
        refused(LiveEventsTest.stream(outsider, name), 403);
        refused(LiveEventsTest.stream(otherGuest, name), 403);
        refused(LiveEventsTest.stream(owner, "no-such-group-" + System.nanoTime()), 404);

        User ann = member(owner, name, "Ann");
        ann.req().delete("/rest/v1/session").then().statusCode(204);
        refused(LiveEventsTest.stream(ann, name), 401);

        User guest = Api.guest(owner, name, "Gabi");
        try (EventStream s = LiveEventsTest.stream(guest, name)) {
            assertThat(s.status).isEqualTo(200);
            s.expect("snapshot");
        }
    }

    @Test
    void aTicketOpensOneStreamOfItsGroupOnce() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        String second = createGroup(owner);

        String ticket = ticket(owner, name);
        try (EventStream s = open(name, Map.of(), "?ticket=" + ticket)) {
            assertThat(s.status).isEqualTo(200);
            s.expect("snapshot");
        }
        refused(open(name, Map.of(), "?ticket=" + ticket), 401);

        refused(open(second, Map.of(), "?ticket=" + ticket(owner, name)), 403);
        // A ticket is not a bearer token.
        Api.as(ticket(owner, name)).get(group(name)).then().statusCode(401);
        refused(open(name, Map.of("Authorization", "Bearer " + owner.token()), "?ticket=" + ticket(owner, name)), 400);

        String expired = ticket(owner, name);
        Rows.update(db, "update auth_token set expires_at = 1 where kind = 'TICKET'");
        refused(open(name, Map.of(), "?ticket=" + expired), 401);
        refused(open(name, Map.of(), "?ticket="), 401);
    }

    @Test
    void aUserMayHoldOnlySoManyStreams() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                EventStream s = LiveEventsTest.stream(owner, name);
                assertThat(s.status).isEqualTo(200);
                open.add(s);
            }
            EventStream refused = LiveEventsTest.stream(owner, name);
            refused(refused, 429);
        } finally {
            open.forEach(EventStream::close);
        }
    }

    /** A new member's stream starts at their joining: what the group did before is not replayed to them. */
    @Test
    void aNewMembersStreamDoesNotReplayWhatHappenedBeforeTheyJoined() throws Exception {
        User owner = register("Owner");
        String name = createGroup(owner);
        User early = member(owner, name, "Early");
        early.req().delete(group(name) + "/members/me").then().statusCode(204);
        Api.addIssue(owner, name, "BEFORE-1");
        User late = member(owner, name, "Late");
        for (String resume : List.of("0", "1")) {
            try (EventStream s = open(name, Map.of("Authorization", "Bearer " + late.token(), "Last-Event-ID", resume),
                    "")) {
                assertThat(s.expect("snapshot").data()).contains("BEFORE-1").doesNotContain("Early");
                assertThat(s.seen()).noneMatch(e -> "member.left".equals(e.type()) || "issue.added".equals(e.type()));
            }
        }
        // The owner, there all along, may resume from the start.
        try (EventStream s = open(name, Map.of("Authorization", "Bearer " + owner.token()), "?lastEventId=0")) {
            assertThat(s.expect("member.joined").data()).contains("Early");
        }
    }
}
