package org.estimator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.estimator.db.Database;
import org.estimator.support.Api.User;
import org.estimator.support.EventStream;
import org.estimator.support.EventStream.Event;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading its stream: its connection's write queue fills, the server ends that
 * stream (it does not buffer events for it without bound, nor hold the others up), and the client
 * resumes from the last event it read.
 */
@QuarkusTest
class SlowClientTest {

    /** About 1 KB per event: a description near the longest allowed (1,000 characters). */
    static final String LONG = "x".repeat(990);

    @Inject
    Database db;

    @Inject
    Hub hub;

    @Test
    void aClientThatStopsReadingLosesItsStreamAndResumesWhileTheOthersGetEveryEvent() throws Exception {
        User owner = register("Sol");
        String name = createGroup(owner);
        User slow = member(owner, name, "Slow");
        long groupId = Rows.value(db, Long.class, "select id from estimation_group where name = ?", name);

        try (EventStream owners = LiveEventsTest.stream(owner, name); Socket stalled = new Socket()) {
            owners.expect("snapshot");
            // The stalled client reads the status line, then nothing: a small receive window, so the
            // server's socket buffer and then its write queue fill.
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("localhost", RestAssured.port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + group(name) + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + slow.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            assertThat(statusLine(in)).startsWith("HTTP/1.1 200");
            waitFor(() -> hub.openStreams(groupId) == 2);

            // About 1 KB per event, until the server gives up on the stalled stream: 1,800 issues
            // imported (two requests within the body limit), then edits (at most 16 MB in all).
            for (int batch = 0; batch < 2; batch++) {
                StringBuilder csv = new StringBuilder("storyRef,description\n");
                for (int i = 0; i < 900; i++) {
                    csv.append("B").append(batch).append('-').append(i).append(',').append(LONG).append('\n');
                }
                owner.req().contentType("text/csv").body(csv.toString()).post(group(name) + "/issues/import")
                        .then().statusCode(201);
            }
            long issue = org.estimator.support.Api.addIssue(owner, name, "SLOW-1");
            int edits = 0;
            while (hub.openStreams(groupId) == 2 && edits < 14_000) {
                edits++;
                owner.req().body(Map.of("storyRef", "SLOW-1", "description", LONG + edits))
                        .put(group(name) + "/issues/" + issue).then().statusCode(200);
            }
            assertThat(hub.openStreams(groupId)).as("the stalled stream was ended (%d edits)", edits).isEqualTo(1);
            long lastEvent = Rows.value(db, Long.class, "select event_seq from estimation_group where id = ?", groupId);

            // The reading client got every event, in order, without a gap (presence events among them).
            int added = 0;
            int changed = 0;
            long previous = -1;
            for (Event e = owners.next();; e = owners.next()) {
                assertThat(previous < 0 || e.seq() == previous + 1).as("ids without a gap").isTrue();
                previous = e.seq();
                added += e.type().equals("issue.added") ? 1 : 0;
                changed += e.type().equals("issue.changed") ? 1 : 0;
                if (e.seq() >= lastEvent) {
                    break;
                }
            }
            assertThat(added).isEqualTo(1801);
            assertThat(changed).isEqualTo(edits);

            // The stalled client, reading again, finds a run of events without a gap and then the end
            // of its stream: the last events are not there.
            stalled.setSoTimeout(10_000);
            String rest = untilTheEnd(in);
            Matcher ids = Pattern.compile("(?m)^id: (\\d+)$").matcher(rest);
            long first = -1;
            long last = -1;
            while (ids.find()) {
                long id = Long.parseLong(ids.group(1));
                assertThat(last < 0 || id == last + 1).as("ids without a gap").isTrue();
                first = first < 0 ? id : first;
                last = id;
            }
            assertThat(last).isGreaterThanOrEqualTo(first).isLessThan(lastEvent);

            // It comes back with the last id it read and gets the events it missed, or, when it missed
            // more than a stream replays, the group's state as of now.
            try (EventStream resumed = LiveEventsTest.stream(slow, name,
                    Map.of("Last-Event-ID", Long.toString(last)))) {
                if (lastEvent - last > EventResource.MAX_REPLAY) {
                    Event snapshot = resumed.next();
                    assertThat(snapshot.type()).isEqualTo("snapshot");
                    assertThat(snapshot.seq()).isGreaterThanOrEqualTo(lastEvent);
                    assertThat(snapshot.json().get("issues")).hasSize(1801);
                } else {
                    for (long id = last + 1; id <= lastEvent; id++) {
                        assertThat(resumed.next().seq()).isEqualTo(id);
                    }
                }
            }
        }
    }

    private static String statusLine(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    /** What the server sent, up to the end of the response (chunked: its last chunk) or of the connection. */
    private static String untilTheEnd(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        String tail = "";
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            all.write(buffer, 0, n);
            String end = tail + new String(buffer, Math.max(0, n - 7), Math.min(n, 7), StandardCharsets.US_ASCII);
            tail = end.substring(Math.max(0, end.length() - 7));
            if (tail.endsWith("\r\n0\r\n\r\n")) {
                break;
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("in time").isLessThan(until);
            Thread.sleep(20);
        }
    }
}
