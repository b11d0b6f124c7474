// Live-event load client: N groups x M streams, one estimate per group every INTERVAL, latency from
// sending the PUT to each stream of the group receiving its estimates.count event (same process, same
// clock). Every accepted estimate's count event must reach every stream of its group once: one not
// there GRACE_MS after the run is lost, one that comes twice is duplicated (id gaps are shown too; since
// review.changed, which only the owner's stream gets, every other stream sees a gap after each card).
// Run: java bench/LiveLoad.java BASE[,BASE2] GROUPS STREAMS INTERVAL_MS DURATION_S
// The same load runs WARMUP_S seconds (default 90) before the measured DURATION_S: with 2,000 streams
// the JIT compiler still took 10-40% of a core 25 s into the load and 2.5% after 90 s; a run that
// counts its compilations measures the compiler, not the server.
// Streams and PUTs alternate between the given base URLs (several instances behind no balancer).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class LiveLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(2))
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    static final long[] latencies = new long[20_000_000];
    static final AtomicLong received = new AtomicLong(), gaps = new AtomicLong(), duplicated = new AtomicLong(),
            sent = new AtomicLong(), failed = new AtomicLong(), accepted = new AtomicLong();
    /** How long after the last estimate the events it caused may still arrive before they count as lost. */
    static final long GRACE_MS = Long.parseLong(System.getenv().getOrDefault("GRACE_MS", "10000"));
    static final int WARMUP_S = Integer.parseInt(System.getenv().getOrDefault("WARMUP_S", "90"));
    /** Estimates sent now are counted (sent, answered, their events awaited and timed). */
    static volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        String[] bases = args[0].split(",");
        int groups = Integer.parseInt(args[1]), streams = Integer.parseInt(args[2]);
        long interval = Long.parseLong(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String run = Long.toString(System.nanoTime(), 36);

        String owner = token(post(bases[0], "/rest/v1/users", null, "{\"nickname\":\"Bench\",\"email\":\"bench-" + run
                + "@example.test\",\"password\":\"correct horse battery staple\"}", 201), null);
        owner = token(post(bases[0], "/rest/v1/session", null, "{\"email\":\"bench-" + run
                + "@example.test\",\"password\":\"correct horse battery staple\"}", 200), "token");
        int issues = (int) Math.max(2, ((seconds + WARMUP_S) * 1000L / interval) / streams + 2);
        StringBuilder csv = new StringBuilder("storyRef,description\n");
        for (int i = 0; i < issues; i++) {
            csv.append("B-").append(i).append(",bench issue ").append(i).append('\n');
        }
        String[] names = new String[groups];
        long[][] issueIds = new long[groups][];
        String[][] tokens = new String[groups][streams];
        for (int g = 0; g < groups; g++) {
            names[g] = "live-" + run + "-" + g;
            post(bases[0], "/rest/v1/group/" + names[g], owner, null, 201);
            send(bases[0], "POST", "/rest/v1/group/" + names[g] + "/issues/import", owner, csv.toString(), "text/csv", 201);
            String list = send(bases[0], "GET", "/rest/v1/group/" + names[g] + "/issues", owner, null, null, 200);
            Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(list);
            List<Long> ids = new ArrayList<>();
            while (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
            issueIds[g] = ids.stream().mapToLong(Long::longValue).toArray();
            String code = token(post(bases[0], "/rest/v1/group/" + names[g] + "/invitations", owner, "{}", 201), "code");
            for (int s = 0; s < streams; s++) {
                tokens[g][s] = token(post(bases[0], "/rest/v1/session/guest", null,
                        "{\"nickname\":\"g" + g + "m" + s + "\",\"code\":\"" + code + "\"}", 201), "token");
            }
        }
        System.err.printf("set up %d groups x %d guests, %d issues each%n", groups, streams, issues);

        CountDownLatch ready = new CountDownLatch(groups * streams);
        for (int g = 0; g < groups; g++) {
            for (int s = 0; s < streams; s++) {
                String base = bases[(g + s) % bases.length];
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/rest/v1/group/" + names[g] + "/events"))
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + tokens[g][s]).build();
                int group = g;
                HTTP.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new StreamReader(group, ready)))
                        .whenComplete((r, e) -> {
                            if (e != null || r.statusCode() != 200) {
                                System.err.println("stream failed: " + (e != null ? e : r.statusCode()));
                            }
                        });
            }
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("streams not open after 120 s: " + ready.getCount() + " missing");
        }
        System.err.printf("%d streams open%n", groups * streams);
        // Presence is announced on a 5 s tick, once a stream has been open a whole tick: wait for the
        // announcements of the last streams to pass before measuring.
        Thread.sleep(Long.getLong("settle", 12) * 1000);

        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        long[] rounds = new long[groups];
        for (int g = 0; g < groups; g++) {
            int group = g;
            String base = bases[g % bases.length];
            clock.scheduleAtFixedRate(() -> {
                long k = rounds[group]++;
                int voter = (int) (k % streams);
                int issue = (int) (k / streams);
                if (issue >= issueIds[group].length) {
                    return;
                }
                long id = issueIds[group][issue];
                boolean counted = measuring;
                if (counted) {
                    sentAt.put(id + "/" + (voter + 1), System.nanoTime());
                    sent.incrementAndGet();
                }
                HttpRequest put = HttpRequest.newBuilder(URI.create(base + "/rest/v1/group/" + names[group] + "/issues/" + id + "/estimate"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens[group][voter])
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":5}")).build();
                HTTP.sendAsync(put, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (!counted) {
                        return;
                    }
                    if (e != null || r.statusCode() != 204) {
                        failed.incrementAndGet();
                    } else {
                        accepted.incrementAndGet();
                    }
                });
            }, g * interval / groups, interval, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(WARMUP_S * 1000L);
        System.err.printf("warmed up %d s; measuring %d s%n", WARMUP_S, seconds);
        long[] cpuBefore = serverCpu();
        long wallBefore = System.nanoTime();
        measuring = true;
        Thread.sleep(seconds * 1000L);
        clock.shutdownNow();
        long[] cpuAfter = serverCpu();
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        // Every accepted estimate must reach every stream of its group: wait for the last ones, up to
        // the grace period; what has not arrived by then is lost (a gap in the ids would miss the
        // events that never came at all).
        long deadline = System.currentTimeMillis() + GRACE_MS;
        while (received.get() < accepted.get() * streams && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(200); // a PUT still in flight is counted by now
        measuring = false;

        long n = received.get();
        long[] sorted = Arrays.copyOf(latencies, (int) Math.min(n, latencies.length));
        Arrays.sort(sorted);
        long expected = accepted.get() * streams;
        System.out.printf("estimates sent %d (%.0f/s), accepted %d, failed %d, unanswered by then %d; count events"
                        + " expected %d (accepted x streams), received %d, lost %d (not there %d s after the run),"
                        + " duplicated %d, id gaps %d%n",
                sent.get(), sent.get() / (double) seconds, accepted.get(), failed.get(),
                sent.get() - accepted.get() - failed.get(), expected, n, Math.max(0, expected - n), GRACE_MS / 1000,
                duplicated.get(), gaps.get());
        System.out.printf("latency ms p50 %.2f p99 %.2f max %.2f%n", pct(sorted, 50), pct(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        for (int i = 0; i < cpuAfter.length; i++) {
            System.out.printf("server %d CPU during the run: %.0f%% of one core%n", i + 1,
                    100.0 * (cpuAfter[i] - cpuBefore[i]) / 100.0 / wall);
        }
        System.exit(0);
    }

    /** utime + stime of each server (LIVE_PIDS), in clock ticks (100 per second on Linux). */
    static long[] serverCpu() throws Exception {
        String pids = System.getenv().getOrDefault("LIVE_PIDS", "");
        if (pids.isBlank()) {
            return new long[0];
        }
        String[] list = pids.split(",");
        long[] ticks = new long[list.length];
        for (int i = 0; i < list.length; i++) {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + list[i].strip() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks;
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    /** Reads one stream: ids must rise by exactly one; count events are timed against their PUT. */
    static final class StreamReader implements Flow.Subscriber<String> {
        final int group;
        final CountDownLatch ready;
        long last = -1;
        String id, type;
        /** The (issue, count) events this stream received, each expected once. */
        final java.util.Set<String> seen = new java.util.HashSet<>();

        StreamReader(int group, CountDownLatch ready) {
            this.group = group;
            this.ready = ready;
        }

        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        public void onNext(String line) {
            if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                long now = System.nanoTime();
                if (id != null) {
                    long seq = Long.parseLong(id);
                    if (type.equals("snapshot")) {
                        last = seq;
                        ready.countDown();
                    } else if (last >= 0 && seq != last + 1) {
                        if (seq > last) {
                            gaps.addAndGet(seq - last - 1);
                        }
                    }
                    last = Math.max(last, seq);
                }
                if ("estimates.count".equals(type)) {
                    // {"issueId":N,"estimates":M}: read without a regex, the client shares the server's cores
                    int i1 = line.indexOf("\"issueId\":"), i2 = line.indexOf("\"estimates\":");
                    if (i1 >= 0 && i2 >= 0) {
                        String issue = line.substring(i1 + 10, line.indexOf(',', i1));
                        String count = line.substring(i2 + 12, line.indexOf('}', i2));
                        String key = issue + "/" + count;
                        Long at = sentAt.get(key);
                        if (!seen.add(key)) {
                            duplicated.incrementAndGet();
                        } else if (at != null) {
                            long i = received.getAndIncrement();
                            if (i < latencies.length) {
                                latencies[(int) i] = now - at;
                            }
                        }
                    }
                }
            } else if (line.isEmpty()) {
                id = null;
                type = null;
            }
        }

        public void onError(Throwable t) {
            if (measuring) {
                System.err.println("stream error: " + t);
            }
        }

        public void onComplete() {
            if (measuring) {
                System.err.println("a stream ended during the run");
            }
        }
    }

    static String post(String base, String path, String token, String json, int expected) throws Exception {
        return send(base, "POST", path, token, json, "application/json", expected);
    }

    static String send(String base, String method, String path, String token, String body, String type, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String token(String json, String field) {
        if (field == null) {
            return json;
        }
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return m.group(1);
    }
}
