package org.estimator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.estimator.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Killing the process during a write load on SQLite loses nothing it acknowledged and corrupts nothing. */
class CrashIT {

    @TempDir
    Path dir;

    /** Four clients create groups until the process goes away; returns every name answered 201. */
    private static List<String> writeUntilGone(JarProcess jar, Runnable stop) throws Exception {
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int client = t;
            Thread thread = new Thread(() -> {
                for (int i = 0;; i++) {
                    String name = "crash-" + client + "-" + i;
                    try {
                        HttpResponse<String> r = jar.request("POST", "/rest/v1/group/" + name);
                        if (r.statusCode() == 201) {
                            acknowledged.add(name);
                        }
                    } catch (Exception gone) {
                        return;
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        Thread.sleep(3_000);
        stop.run();
        for (Thread thread : clients) {
            thread.join(30_000);
        }
        return new ArrayList<>(acknowledged);
    }

    private void assertIntactWith(List<String> acknowledged) throws Exception {
        assertThat(acknowledged).as("the load wrote something before the stop").isNotEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/estimator.sqlite"))) {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
        try (JarProcess again = JarProcess.start(dir, Map.of()).awaitReady()) {
            for (String name : acknowledged) {
                assertThat(again.request("GET", "/rest/v1/group/" + name).statusCode()).as(name).isEqualTo(200);
            }
        }
    }

    @Test
    void killMinus9DuringWritesLosesNoAcknowledgedWriteAndLeavesAnIntactFile() throws Exception {
        JarProcess jar = JarProcess.start(dir, Map.of("ESTIMATOR_LIMIT_GROUPS_PER_CLIENT", "0")).awaitReady();
        List<String> acknowledged = writeUntilGone(jar, () -> jar.process.destroyForcibly());
        jar.process.waitFor(30, TimeUnit.SECONDS);
        assertIntactWith(acknowledged);
    }

    @Test
    void sigtermDuringWritesFinishesInFlightRequestsAndLosesNothing() throws Exception {
        JarProcess jar = JarProcess.start(dir, Map.of("ESTIMATOR_LIMIT_GROUPS_PER_CLIENT", "0")).awaitReady();
        List<String> acknowledged = writeUntilGone(jar, () -> jar.process.destroy());
        assertThat(jar.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertIntactWith(acknowledged);
    }
}
