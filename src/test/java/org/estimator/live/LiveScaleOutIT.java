package org.estimator.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.estimator.support.EventStream;
import org.estimator.support.EventStream.Event;
import org.estimator.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances of the packaged jar on one PostgreSQL database: A and B share the real Redis on
 * loopback, C is pointed at a Redis that does not exist and must get everything by polling the log.
 */
class LiveScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Map<String, String> env(String redis) {
        Map<String, String> env = new HashMap<>(
                Map.of("ESTIMATOR_DB_URL", "jdbc:postgresql://127.0.0.1:5432/estimator_test",
                        "ESTIMATOR_DB_USER", "estimator", "ESTIMATOR_DB_PASSWORD", "estimator",
                        "ESTIMATOR_LIMIT_REGISTRATIONS_PER_CLIENT", "0", "ESTIMATOR_LOG_JSON", "false",
                        "ESTIMATOR_REDIS_URL", redis, "ESTIMATOR_REDIS_PREFIX", "estimator-it-" + RUN));
        // Presence is announced once it has held for an interval, on a tick of that interval: at the
        // default 5 s that is up to 10 s after the stream opened, the whole of the test's wait.
        env.put("ESTIMATOR_EVENTS_PRESENCE", "1s");
        return env;
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private static String register(JarProcess jar, String nickname, String run) throws Exception {
        String email = nickname.toLowerCase() + "-" + run + "@example.test";
        ok(jar.call("POST", "/rest/v1/users", null, JSON.writeValueAsString(
                Map.of("nickname", nickname, "email", email, "password", "correct horse battery staple"))), 201);
        return ok(jar.call("POST", "/rest/v1/session", null, JSON.writeValueAsString(
                Map.of("email", email, "password", "correct horse battery staple"))), 200).get("token").asText();
    }

    private static EventStream stream(JarProcess jar, String group, String token) throws Exception {
        EventStream s = EventStream.open(jar.url("/rest/v1/group/" + group + "/events"),
                Map.of("Authorization", "Bearer " + token));
        assertThat(s.status).as(s.body == null ? "" : s.body).isEqualTo(200);
        s.expect("snapshot");
        return s;
    }

    /** This run's Redis keys and channel, apart from other runs' (counters outlive a run by 15 minutes). */
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @Test
    void eventsReachEveryInstanceWithRedisAndWithoutIt() throws Exception {
        String run = RUN;
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
        for (Path p : new Path[]{a, b, c}) {
            java.nio.file.Files.createDirectories(p);
        }
        try (JarProcess one = JarProcess.start(a, env("redis://127.0.0.1:6379"));
                JarProcess two = JarProcess.start(b, env("redis://127.0.0.1:6379"));
                JarProcess deaf = JarProcess.start(c, env("redis://127.0.0.1:1"))) {
            one.awaitReady();
            two.awaitReady();
            deaf.awaitReady();

            String owner = register(one, "Owner", run);
            String ann = register(one, "Ann", run);
            String group = "scale-" + run;
            ok(one.call("POST", "/rest/v1/group/" + group, owner, null), 201);
            String code = ok(one.call("POST", "/rest/v1/group/" + group + "/invitations", owner, "{}"), 201).get("code")
                    .asText();
            ok(two.call("POST", "/rest/v1/group/" + group + "/members", ann,
                    JSON.writeValueAsString(Map.of("code", code))), 201);
            long issue = ok(one.call("POST", "/rest/v1/group/" + group + "/issues", owner,
                    "{\"storyRef\":\"SCALE-1\",\"description\":\"d\"}"), 201).get("id").asLong();

            try (EventStream onTwo = stream(two, group, owner);
                    EventStream onDeaf = stream(deaf, group, owner);
                    EventStream annOnDeaf = stream(deaf, group, ann)) {
                // Presence across instances: Ann's stream on C is seen on B.
                Event online = onTwo.next(e -> "presence".equals(e.type()) && e.data().contains("Ann"));
                assertThat(online.json().get("online").asBoolean()).isTrue();

                long sent = System.nanoTime();
                ok(one.call("PUT", "/rest/v1/group/" + group + "/issues/" + issue + "/estimate", ann, "{\"value\":5}"),
                        204);
                Event viaRedis = onTwo.expectSkippingAsides("estimates.count");
                long redisMs = (System.nanoTime() - sent) / 1_000_000;
                Event viaPolling = onDeaf.expectSkippingAsides("estimates.count");
                long pollingMs = (System.nanoTime() - sent) / 1_000_000;
                assertThat(viaRedis.id()).isEqualTo(viaPolling.id());
                assertThat(viaRedis.json().get("estimates").asInt()).isEqualTo(1);
                System.out.printf("estimate on A reached B through Redis after %d ms, C by polling after %d ms%n",
                        redisMs, pollingMs);

                // A member removed on A loses the stream on C.
                long annId = ok(one.call("GET", "/rest/v1/users/me", ann, null), 200).get("id").asLong();
                ok(one.call("DELETE", "/rest/v1/group/" + group + "/members/" + annId, owner, null), 204);
                annOnDeaf.next(e -> "member.removed".equals(e.type()));
                assertThat(annOnDeaf.endsWithin(5)).isTrue();
                onTwo.next(e -> "member.removed".equals(e.type()));
                onDeaf.next(e -> "member.removed".equals(e.type()));
                // Every instance saw the same events in the same order, each once.
                assertThat(ids(onTwo)).isEqualTo(ids(onDeaf));
            }

            // Sign-in failures are counted across instances (in Redis): three on A and two on B use
            // up the account's five, so A refuses the next attempt although it saw only three.
            String wrong = JSON
                    .writeValueAsString(Map.of("email", "ann-" + run + "@example.test", "password", "wrong password!"));
            for (JarProcess jar : new JarProcess[]{one, one, one, two, two}) {
                ok(jar.call("POST", "/rest/v1/session", null, wrong), 401);
            }
            assertThat(one.call("POST", "/rest/v1/session", null, wrong).statusCode()).isEqualTo(429);

            // Readiness tells the operator that C's Redis is unreachable (C still works, by polling).
            assertThat(one.management("/q/health/ready").statusCode()).isEqualTo(200);
            assertThat(deaf.management("/q/health/ready").statusCode()).isEqualTo(503);

            // An instance that is stopped ends its streams with a hint to reconnect soon (to another one).
            try (EventStream leaving = stream(two, group, owner)) {
                two.stop();
                assertThat(leaving.endsWithin(10)).isTrue();
                assertThat(leaving.seen()).anyMatch(e -> "reconnect".equals(e.comment()) && e.retry() != null);
            }
        }
    }

    private static java.util.List<String> ids(EventStream s) {
        return s.seen().stream().filter(e -> e.id() != null && e.data() != null && !"snapshot".equals(e.type()))
                .map(e -> e.id() + " " + e.type()).toList();
    }
}
