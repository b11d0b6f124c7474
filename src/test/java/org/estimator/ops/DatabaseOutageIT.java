package org.estimator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.estimator.support.JarProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database server stops and starts again while voters estimate: requests fail fast with 503 and
 * Retry-After while it is away, no acknowledged estimate is lost or doubled, and service resumes by
 * itself.
 * Stops the real local servers (as root, like CI), and always starts them again.
 */
class DatabaseOutageIT {

    @TempDir
    Path dir;

    private static void sh(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
    }

    private static final Map<String, String[]> SERVERS = Map.of(
            "mariadb", new String[]{"jdbc:mariadb://127.0.0.1:3306/estimator_test",
                    "mariadb-admin shutdown",
                    "install -d -o mysql -g mysql /run/mysqld /var/log/mysql && start-stop-daemon --start --oknodo "
                            + "--background --exec /usr/sbin/mariadbd -- --user=mysql --log-error=/var/log/mysql/error.log "
                            + "&& for i in $(seq 1 100); do mariadb-admin ping >/dev/null 2>&1 && exit 0; sleep 0.2; done; exit 1"},
            "postgresql", new String[]{"jdbc:postgresql://127.0.0.1:5432/estimator_test",
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -n 1) main stop -m fast",
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -n 1) main start "
                            + "&& for i in $(seq 1 100); do pg_isready -h 127.0.0.1 -q && exit 0; sleep 0.2; done; exit 1"});

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private static String user(JarProcess jar, String nickname, String run) throws Exception {
        String email = nickname + "-" + run + "@example.test";
        ok(jar.call("POST", "/rest/v1/users", null, JSON.writeValueAsString(
                Map.of("nickname", nickname, "email", email, "password", "correct horse battery staple"))), 201);
        return ok(jar.call("POST", "/rest/v1/session", null, JSON.writeValueAsString(
                Map.of("email", email, "password", "correct horse battery staple"))), 200).get("token").asText();
    }

    /**
     * Four voters estimate one issue after another while the server is stopped for 3 s and started
     * again. Every estimate answered 204 must be in the database afterwards, once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void aDatabaseRestartUnderLoadLosesNoAcknowledgedEstimateAndHealsItself(String server) throws Exception {
        String[] s = SERVERS.get(server);
        Map<String, String> env = Map.of("ESTIMATOR_DB_URL", s[0], "ESTIMATOR_DB_USER", "estimator",
                "ESTIMATOR_DB_PASSWORD", "estimator", "ESTIMATOR_LIMIT_REGISTRATIONS_PER_CLIENT", "0",
                "ESTIMATOR_LIMIT_JOINS_PER_CLIENT", "0", "ESTIMATOR_LOG_JSON", "false");
        String run = Long.toString(System.nanoTime(), 36);
        int issues = 2000;
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Queue<Long> slowest = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (JarProcess jar = JarProcess.start(dir, env).awaitReady()) {
            String owner = user(jar, "owner", run);
            String group = "outage-" + run;
            ok(jar.call("POST", "/rest/v1/group/" + group, owner, null), 201);
            StringBuilder csv = new StringBuilder("storyRef,description\n");
            for (int i = 0; i < issues; i++) {
                csv.append("OUT-").append(i).append(",outage issue\n");
            }
            ok(jar.call("POST", "/rest/v1/group/" + group + "/issues/import", owner, csv.toString(), "text/csv"), 201);
            long[] ids = new long[issues];
            JsonNode list = ok(jar.call("GET", "/rest/v1/group/" + group + "/issues", owner, null), 200);
            for (int i = 0; i < issues; i++) {
                ids[i] = list.get(i).get("id").asLong();
            }
            String code = ok(jar.call("POST", "/rest/v1/group/" + group + "/invitations", owner, "{}"), 201).get("code")
                    .asText();
            List<String> voters = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                String token = user(jar, "voter" + v, run);
                ok(jar.call("POST", "/rest/v1/group/" + group + "/members", token,
                        JSON.writeValueAsString(Map.of("code", code))), 201);
                voters.add(token);
            }
            List<Queue<Integer>> acknowledged = new ArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (String voter : voters) {
                Queue<Integer> mine = new ConcurrentLinkedQueue<>();
                acknowledged.add(mine);
                Thread thread = new Thread(() -> {
                    for (int i = 0; running.get() && i < issues; i++) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = jar.call("PUT",
                                    "/rest/v1/group/" + group + "/issues/" + ids[i] + "/estimate",
                                    voter, "{\"value\":" + (i % 100 + 1) + "}");
                            statuses.merge(r.statusCode(), 1, Integer::sum);
                            if (r.statusCode() == 204) {
                                mine.add(i);
                            } else if (r.statusCode() == 503) {
                                if (r.headers().firstValue("Retry-After").isEmpty()) {
                                    statuses.merge(-2, 1, Integer::sum); // a 503 without Retry-After
                                }
                                Thread.sleep(100);
                            }
                        } catch (Exception e) {
                            statuses.merge(-1, 1, Integer::sum);
                        }
                        slowest.add((System.nanoTime() - start) / 1_000_000);
                    }
                });
                thread.start();
                clients.add(thread);
            }
            Thread.sleep(2_000);
            try {
                sh(s[1]);
                Thread.sleep(3_000);
            } finally {
                sh(s[2]);
            }
            long back = System.nanoTime();
            int atRestart = acknowledged.stream().mapToInt(Queue::size).sum();
            while (acknowledged.stream().mapToInt(Queue::size).sum() == atRestart) {
                assertThat(System.nanoTime() - back).as("service resumes within 10 s")
                        .isLessThan(TimeUnit.SECONDS.toNanos(10));
                Thread.sleep(50);
            }
            long recoveredMs = (System.nanoTime() - back) / 1_000_000;
            Thread.sleep(1_000);
            running.set(false);
            for (Thread thread : clients) {
                thread.join(15_000);
            }
            int total = acknowledged.stream().mapToInt(Queue::size).sum();
            System.out.printf(
                    "%s outage: statuses %s, %d estimates acknowledged, recovered %d ms after the server was back, "
                            + "slowest request %d ms%n",
                    server, statuses, total, recoveredMs,
                    slowest.stream().mapToLong(Long::longValue).max().orElse(0));
            String errors = jar.output().lines().filter(l -> l.contains("ERROR") || l.contains("Exception"))
                    .limit(40).collect(java.util.stream.Collectors.joining("\n"));
            assertThat(statuses)
                    .as("only 204 and 503 (with Retry-After), never a 500 or a hang; server errors:\n" + errors)
                    .containsOnlyKeys(204, 503);
            assertThat(statuses.get(503)).as("the outage was noticed").isPositive();
            assertThat(slowest.stream().mapToLong(Long::longValue).max().orElse(0)).as("no request hangs")
                    .isLessThan(8_000);
            // Every acknowledged estimate is there with its value, and each issue counts each voter once.
            for (int v = 0; v < voters.size(); v++) {
                for (int i : acknowledged.get(v)) {
                    JsonNode own = ok(jar.call("GET", "/rest/v1/group/" + group + "/issues/" + ids[i] + "/estimate",
                            voters.get(v), null), 200);
                    assertThat(own.get("value").asText()).isEqualTo(Integer.toString(i % 100 + 1));
                }
            }
            JsonNode after = ok(jar.call("GET", "/rest/v1/group/" + group + "/issues", owner, null), 200);
            for (int i = 0; i < issues; i++) {
                int given = 0;
                for (Queue<Integer> mine : acknowledged) {
                    given += mine.contains(i) ? 1 : 0;
                }
                assertThat(after.get(i).get("estimates").asInt()).as("issue " + i).isGreaterThanOrEqualTo(given)
                        .isLessThanOrEqualTo(4);
            }
        }
    }
}
