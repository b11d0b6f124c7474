package org.estimator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.estimator.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams ending while events are delivered, and a shutdown in the middle of it all, never hang the
 * server: it once deadlocked here (a stream's lock and its group channel's lock taken in opposite
 * orders by the shutdown and by delivery, with both event loops stuck), and had to be killed.
 */
class ShutdownUnderLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GUESTS = 12;
    private static final int STREAMS_PER_GUEST = 12;

    @TempDir
    Path dir;

    @Test
    void endingStreamsUnderLoadAndStoppingTheServerFinishWithinTheShutdownTimeout() throws Exception {
        for (int run = 0; run < 2; run++) {
            Path work = dir.resolve("run-" + run);
            java.nio.file.Files.createDirectories(work);
            try (JarProcess jar = JarProcess.start(work, Map.of("ESTIMATOR_SHUTDOWN_TIMEOUT", "10s")).awaitReady()) {
                long stoppedIn = loadAndStop(jar);
                // Shutdown delay (1 s) and timeout (10 s), with room for a slow machine: not the
                // minutes it hung before.
                assertThat(stoppedIn).as("run %d: milliseconds from SIGTERM to exit", run).isLessThan(25_000);
            }
        }
    }

    private long loadAndStop(JarProcess jar) throws Exception {
        assertThat(jar.call("POST", "/rest/v1/users", null, "{\"nickname\":\"Owner\",\"email\":\"owner@example.test\","
                + "\"password\":\"correct horse battery staple\"}").statusCode()).isEqualTo(201);
        String owner = JSON.readTree(jar.call("POST", "/rest/v1/session", null,
                "{\"email\":\"owner@example.test\",\"password\":\"correct horse battery staple\"}").body()).get("token")
                .asText();
        assertThat(jar.call("POST", "/rest/v1/group/Load", owner, null).statusCode()).isEqualTo(201);
        List<String> guests = new ArrayList<>();
        for (int i = 0; i < GUESTS; i++) {
            String code = JSON.readTree(jar.call("POST", "/rest/v1/group/Load/invitations", owner, "{}").body())
                    .get("code").asText();
            guests.add(JSON.readTree(jar.call("POST", "/rest/v1/session/guest", null,
                    "{\"nickname\":\"Guest " + i + "\",\"code\":\"" + code + "\"}").body()).get("token").asText());
        }
        List<Long> issues = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            issues.add(JSON.readTree(jar.call("POST", "/rest/v1/group/Load/issues", owner,
                    "{\"storyRef\":\"L-" + i + "\",\"description\":\"load\"}").body()).get("id").asLong());
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<InputStream> streams = new CopyOnWriteArrayList<>();
        for (String guest : guests) {
            for (int s = 0; s < STREAMS_PER_GUEST; s++) {
                InputStream opened = open(http, jar, guest);
                assertThat(opened).isNotNull();
                streams.add(opened);
            }
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger estimates = new AtomicInteger();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int worker = t;
            load.add(new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String guest = guests.get((worker * 3 + i) % guests.size());
                    long issue = issues.get(i % issues.size());
                    try {
                        jar.call("PUT", "/rest/v1/group/Load/issues/" + issue + "/estimate", guest,
                                "{\"value\":" + (1 + i % 50) + "}");
                        estimates.incrementAndGet();
                    } catch (Exception gone) {
                        return;
                    }
                }
            }));
        }
        // Streams come and go while the events flow.
        load.add(new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    InputStream closing = streams.remove(0);
                    closing.close();
                    InputStream opened = open(http, jar, guests.get(i % guests.size()));
                    if (opened != null) {
                        streams.add(opened);
                    }
                } catch (Exception gone) {
                    return;
                }
            }
        }));
        load.forEach(Thread::start);
        Thread.sleep(4_000);
        assertThat(estimates.get()).as("the load ran").isGreaterThan(50);

        long stop = System.nanoTime();
        jar.process.destroy(); // SIGTERM, as a service manager stops it
        boolean exited = jar.process.waitFor(60, TimeUnit.SECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop);
        running.set(false);
        for (InputStream s : streams) {
            try {
                s.close();
            } catch (Exception ignored) {
                // the server is gone
            }
        }
        if (!exited) {
            jar.process.destroyForcibly().waitFor();
            throw new AssertionError("the server did not stop within 60 s of SIGTERM: " + jar.output());
        }
        return took;
    }

    /** An open stream, read on its own thread; null when the server refused it (a limit). */
    private static InputStream open(HttpClient http, JarProcess jar, String token) throws Exception {
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create(jar.url("/rest/v1/group/Load/events")))
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = r.body();
        if (r.statusCode() != 200) {
            in.close();
            return null;
        }
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // keep the stream flowing
                }
            } catch (Exception closed) {
                // closed by the test or the server
            }
        });
        reader.setDaemon(true);
        reader.start();
        return in;
    }
}
