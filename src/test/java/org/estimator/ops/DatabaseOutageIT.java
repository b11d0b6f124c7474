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
import org.estimator.support.JarProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database server stops and starts again under a write load: requests fail fast with 503 and
 * Retry-After while it is away, nothing acknowledged is lost, and service resumes by itself.
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
            "mariadb", new String[] {"jdbc:mariadb://127.0.0.1:3306/estimator_test",
                "mariadb-admin shutdown",
                "install -d -o mysql -g mysql /run/mysqld /var/log/mysql && start-stop-daemon --start --oknodo "
                        + "--background --exec /usr/sbin/mariadbd -- --user=mysql --log-error=/var/log/mysql/error.log "
                        + "&& for i in $(seq 1 100); do mariadb-admin ping >/dev/null 2>&1 && exit 0; sleep 0.2; done; exit 1"},
            "postgresql", new String[] {"jdbc:postgresql://127.0.0.1:5432/estimator_test",
                "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -n 1) main stop -m fast",
                "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -n 1) main start "
                        + "&& for i in $(seq 1 100); do pg_isready -h 127.0.0.1 -q && exit 0; sleep 0.2; done; exit 1"});

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void aDatabaseRestartUnderLoadLosesNoAcknowledgedWriteAndHealsItself(String server) throws Exception {
        String[] s = SERVERS.get(server);
        Map<String, String> env = Map.of("ESTIMATOR_DB_URL", s[0], "ESTIMATOR_DB_USER", "estimator",
                "ESTIMATOR_DB_PASSWORD", "estimator", "ESTIMATOR_LIMIT_GROUPS_PER_CLIENT", "0", "ESTIMATOR_LOG_JSON", "false");
        String run = Long.toString(System.nanoTime(), 36);
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Queue<Long> slowest = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (JarProcess jar = JarProcess.start(dir, env).awaitReady()) {
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int client = t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; running.get(); i++) {
                        String name = "outage-" + run + "-" + client + "-" + i;
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = jar.request("POST", "/rest/v1/group/" + name);
                            statuses.merge(r.statusCode(), 1, Integer::sum);
                            if (r.statusCode() == 201) {
                                acknowledged.add(name);
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
            int atRestart = acknowledged.size();
            while (acknowledged.size() == atRestart) {
                assertThat(System.nanoTime() - back).as("service resumes within 10 s").isLessThan(TimeUnit.SECONDS.toNanos(10));
                Thread.sleep(50);
            }
            long recoveredMs = (System.nanoTime() - back) / 1_000_000;
            Thread.sleep(1_000);
            running.set(false);
            for (Thread thread : clients) {
                thread.join(15_000);
            }
            System.out.printf("%s outage: statuses %s, recovered %d ms after the server was back, slowest request %d ms%n",
                    server, statuses, recoveredMs, slowest.stream().mapToLong(Long::longValue).max().orElse(0));
            assertThat(statuses).as("only 201 and 503 (with Retry-After), never a 500 or a hang").containsOnlyKeys(201, 503);
            assertThat(statuses.get(503)).as("the outage was noticed").isPositive();
            assertThat(slowest.stream().mapToLong(Long::longValue).max().orElse(0)).as("no request hangs").isLessThan(8_000);
            for (String name : acknowledged) {
                assertThat(jar.request("GET", "/rest/v1/group/" + name).statusCode()).as(name).isEqualTo(200);
            }
        }
    }
}
