// Live-event load client: N groups x M streams, one estimate per group every INTERVAL, latency from
// the card (when its PUT is due; one waiting for its member's previous answer counts the wait) to each
// stream of the group receiving its estimates.count event (same process, same clock). Every accepted estimate's count event must reach every stream of its group once: one not
// there GRACE_MS after the run is lost, one that comes twice is duplicated (id gaps are shown too; since
// review.changed, which only the owner's stream gets, every other stream sees a gap after each card).
// Run: java bench/LiveLoad.java BASE[,BASE2] GROUPS STREAMS INTERVAL_MS DURATION_S
// The same load runs WARMUP_S seconds (default 90) before the measured DURATION_S: with 2,000 streams
// the JIT compiler still took 10-40% of a core 25 s into the load and 2.5% after 90 s; a run that
// counts its compilations measures the compiler, not the server.
// Streams and PUTs alternate between the given base URLs (several instances behind no balancer).
// It reports its own CPU too: it shares the cores with what it measures.
// PAGES=fetch|apply makes each stream a page of the issue being estimated, signed in by its session
// cookie, and adds the owner's page to each group: "fetch" does what app.js did until the pages applied
// events (every event fetches the page's live part, 100 ms later, one fetch at a time), "apply" what it
// does now (a count, and the owner's review while its rows stay the same, are set from the event; a
// review that appears or changes its rows is fetched). It reports the time from
// each card to the HTML that shows it: on receipt of the count, or when the fetch after it has come.
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
    static final String PAGES = System.getenv().getOrDefault("PAGES", "");
    /**
     * Streams being opened at once (OPENING, default 100): all 2,000 at the same instant exhausted the
     * database pools of two instances on PostgreSQL (503s), a storm the measured load is not about.
     */
    static final int OPENING = Integer.parseInt(System.getenv().getOrDefault("OPENING", "100"));
    /** Card to updated HTML, per page: the guests' pages and the owner's review. */
    static final long[] pageLatencies = new long[4_000_000], ownerLatencies = new long[1_000_000];
    static final AtomicLong pageUpdates = new AtomicLong(), ownerUpdates = new AtomicLong(), fetches = new AtomicLong(),
            fetchesFailed = new AtomicLong();
    static final ScheduledExecutorService DEBOUNCE = Executors.newScheduledThreadPool(1);
    /** The session cookie's name: the jar's default sets Secure cookies, with the __Host- prefix. */
    static final String COOKIE = System.getenv().getOrDefault("SESSION_COOKIE", "__Host-estimator_session") + "=";

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the HTTP client's threads would keep the process alive
        }
    }

    static void run(String[] args) throws Exception {
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

        boolean pages = !PAGES.isEmpty();
        CountDownLatch ready = new CountDownLatch(groups * (streams + (pages ? 1 : 0)));
        java.util.concurrent.Semaphore opening = new java.util.concurrent.Semaphore(OPENING);
        AtomicLong refused = new AtomicLong();
        long openingFrom = System.nanoTime();
        for (int g = 0; g < groups; g++) {
            for (int s = pages ? -1 : 0; s < streams; s++) { // -1: the owner's page
                String base = bases[(g + Math.max(s, 0)) % bases.length];
                String token = s < 0 ? owner : tokens[g][s];
                Page page = pages ? new Page(base, names[g], token, s < 0) : null;
                if (!opening.tryAcquire(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("streams still opening after 120 s");
                }
                StreamReader reader = new StreamReader(page, () -> {
                    ready.countDown();
                    opening.release();
                });
                SSE.open(base, "/rest/v1/group/" + names[g] + "/events",
                        pages ? "Cookie: " + COOKIE + token : "Authorization: Bearer " + token, reader, why -> {
                            System.err.println("stream failed: " + why);
                            refused.incrementAndGet();
                            opening.release();
                            ready.countDown();
                        });
            }
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("streams not open after 120 s: " + ready.getCount() + " missing");
        }
        System.err.printf("%d streams open in %.1f s (at most %d opening at a time)%s%n",
                groups * (streams + (pages ? 1 : 0)) - refused.get(),
                (System.nanoTime() - openingFrom) / 1e9, OPENING, pages ? " (pages: " + PAGES + ", and each group's owner)" : "");
        if (refused.get() > 0) {
            // Every stream must be open for the counts below to mean anything.
            System.out.printf("%d streams refused while opening: no measurement%n", refused.get());
            System.exit(1);
        }
        // Presence is announced on a 5 s tick, once a stream has been open a whole tick: wait for the
        // announcements of the last streams to pass before measuring.
        Thread.sleep(Long.getLong("settle", 12) * 1000);

        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        long[] rounds = new long[groups];
        CompletableFuture<?>[] inFlight = new CompletableFuture<?>[groups * streams];
        Arrays.fill(inFlight, CompletableFuture.completedFuture(null));
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
                // One estimate in flight per member, the next one waits for its answer (as a page does):
                // an overloaded server makes the members' cards queue up, not the client open a new
                // connection for each, which ran into the 20,000 open files of these machines at 1,000/s.
                int member = group * streams + voter;
                inFlight[member] = inFlight[member].handle((r, e) -> null)
                        .thenCompose(x -> HTTP.sendAsync(put, HttpResponse.BodyHandlers.discarding())).whenComplete((r, e) -> {
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
        long clientBefore = clientCpu();
        long wallBefore = System.nanoTime();
        measuring = true;
        Thread.sleep(seconds * 1000L);
        clock.shutdownNow();
        long[] cpuAfter = serverCpu();
        long clientAfter = clientCpu();
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
        if (pages) {
            long[] guests = Arrays.copyOf(pageLatencies, (int) Math.min(pageUpdates.get(), pageLatencies.length));
            long[] owners = Arrays.copyOf(ownerLatencies, (int) Math.min(ownerUpdates.get(), ownerLatencies.length));
            Arrays.sort(guests);
            Arrays.sort(owners);
            System.out.printf("pages (%s): card to updated HTML, members' pages %d updates p50 %.2f p99 %.2f ms;"
                            + " owner's review %d updates p50 %.2f p99 %.2f ms; live parts fetched %d (%.0f/s), failed %d%n",
                    PAGES, guests.length, pct(guests, 50), pct(guests, 99), owners.length, pct(owners, 50), pct(owners, 99),
                    fetches.get(), fetches.get() / wall, fetchesFailed.get());
        }
        System.out.printf("load client CPU during the run: %.0f%% of one core%n", 100.0 * (clientAfter - clientBefore) / 1e9 / wall);
        for (int i = 0; i < cpuAfter.length; i++) {
            double cpuSeconds = (cpuAfter[i] - cpuBefore[i]) / 100.0;
            System.out.printf("server %d CPU during the run: %.0f%% of one core, %.2f ms per accepted estimate%n", i + 1,
                    100.0 * cpuSeconds / wall, 1000.0 * cpuSeconds / Math.max(1, accepted.get()));
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

    /** This process's CPU time in nanoseconds (the client shares the cores with what it measures). */
    static long clientCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    static final SseSockets SSE = SseSockets.start();

    /**
     * The event streams, read over plain sockets by one thread. The JDK's HttpClient, which the streams
     * used before, took the client 40-50% of a core at 200 cards/s (its reactive machinery per stream
     * and per chunk), more than the server it measured on the same 2 cores.
     */
    static final class SseSockets implements Runnable {
        final java.nio.channels.Selector selector;
        final java.util.Queue<Sse> added = new java.util.concurrent.ConcurrentLinkedQueue<>();

        SseSockets() throws java.io.IOException {
            selector = java.nio.channels.Selector.open();
        }

        static SseSockets start() {
            try {
                SseSockets s = new SseSockets();
                Thread t = new Thread(s, "sse-reader");
                t.setDaemon(true);
                t.start();
                return s;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Sends the stream's request; {@code failed} is told why if the answer is not a stream (or none comes). */
        void open(String base, String path, String credentials, StreamReader reader, java.util.function.Consumer<String> failed) {
            URI u = URI.create(base);
            try {
                java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                        new java.net.InetSocketAddress(u.getHost(), u.getPort()));
                ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                ch.write(java.nio.ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                        + "\r\nAccept: text/event-stream\r\n" + credentials + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
                ch.configureBlocking(false);
                added.add(new Sse(ch, reader, failed));
                selector.wakeup();
            } catch (java.io.IOException e) {
                failed.accept(e.toString());
            }
        }

        public void run() {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
            while (true) {
                try {
                    selector.select();
                    for (Sse c; (c = added.poll()) != null;) {
                        c.ch.register(selector, java.nio.channels.SelectionKey.OP_READ, c);
                    }
                    for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
                        Sse c = (Sse) key.attachment();
                        buffer.clear();
                        int n;
                        try {
                            n = c.ch.read(buffer);
                        } catch (java.io.IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            key.cancel();
                            c.ch.close();
                            c.ended();
                        } else {
                            c.feed(buffer.array(), n);
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    /** One stream's HTTP/1.1 answer, parsed as it comes: status, headers, then chunks of SSE lines. */
    static final class Sse {
        final java.nio.channels.SocketChannel ch;
        final StreamReader reader;
        final java.util.function.Consumer<String> failed;
        byte[] line = new byte[512];
        int length;
        /** -2: the status line is next; -1: headers; 0: a chunk's size line; >0: bytes left of the chunk. */
        long state = -2;
        boolean chunkEnd;

        Sse(java.nio.channels.SocketChannel ch, StreamReader reader, java.util.function.Consumer<String> failed) {
            this.ch = ch;
            this.reader = reader;
            this.failed = failed;
        }

        void feed(byte[] bytes, int n) {
            for (int i = 0; i < n; i++) {
                byte b = bytes[i];
                if (state > 0) {
                    state--;
                    if (b == '\n') {
                        reader.onNext(text());
                    } else {
                        add(b);
                    }
                    if (state == 0) {
                        chunkEnd = true; // the CRLF after the chunk's data comes before the next size
                    }
                    continue;
                }
                if (b != '\n') {
                    add(b);
                    continue;
                }
                String head = text();
                if (state == -2) {
                    if (!head.startsWith("HTTP/1.1 200")) {
                        failed.accept(head);
                        close();
                        return;
                    }
                    state = -1;
                } else if (state == -1) {
                    if (head.isEmpty()) {
                        state = 0;
                    }
                } else if (chunkEnd) {
                    chunkEnd = false; // the empty line after a chunk
                } else {
                    int end = head.indexOf(';');
                    state = Long.parseLong(end < 0 ? head.strip() : head.substring(0, end).strip(), 16);
                    if (state == 0) {
                        close(); // the stream ended
                        ended();
                        return;
                    }
                }
            }
        }

        private void add(byte b) {
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = b;
        }

        /** The line so far, without its CR; the buffer is emptied. */
        private String text() {
            int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            length = 0;
            return new String(line, 0, n, StandardCharsets.UTF_8);
        }

        void ended() {
            if (state == -2 || state == -1) {
                failed.accept("connection closed before the stream started");
            } else {
                reader.onComplete();
            }
        }

        private void close() {
            try {
                ch.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Reads one stream: ids must rise by exactly one; count events are timed against their PUT. */
    static final class StreamReader {
        final Page page;
        /** Told once, when the stream's snapshot arrives. */
        final Runnable ready;
        long last = -1;
        String id, type;
        /** The (issue, count) events this stream received, each expected once. */
        final java.util.Set<String> seen = new java.util.HashSet<>();

        StreamReader(Page page, Runnable ready) {
            this.page = page;
            this.ready = ready;
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
                        ready.run();
                    } else if (last >= 0 && seq != last + 1) {
                        if (seq > last) {
                            gaps.addAndGet(seq - last - 1);
                        }
                    }
                    last = Math.max(last, seq);
                }
                // {"issueId":N,"estimates":M,...}: read without a regex, the client shares the server's cores
                int i1 = line.indexOf("\"issueId\":"), i2 = line.indexOf("\"estimates\":");
                String issue = i1 < 0 ? null : line.substring(i1 + 10, line.indexOf(',', i1));
                Long at = i2 < 0 ? null : sentAt.get(issue + "/" + line.substring(i2 + 12, end(line, i2 + 12)));
                if ("estimates.count".equals(type) && issue != null && i2 >= 0 && (page == null || !page.owner)) {
                    String key = issue + "/" + line.substring(i2 + 12, end(line, i2 + 12));
                    if (!seen.add(key)) {
                        duplicated.incrementAndGet();
                    } else if (at != null) {
                        long i = received.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[(int) i] = now - at;
                        }
                    }
                }
                if (page != null && type != null && !type.equals("snapshot")) {
                    page.onEvent(type, issue, at, now, line);
                }
            } else if (line.isEmpty()) {
                id = null;
                type = null;
            }
        }

        public void onComplete() {
            if (measuring) {
                System.err.println("a stream ended during the run");
            }
        }
    }

    /** Where a JSON number that starts at {@code from} ends. */
    static int end(String line, int from) {
        int i = from;
        while (i < line.length() && Character.isDigit(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** One page, as app.js handles its events (PAGES=fetch: the earlier app.js; apply: today's). */
    static final class Page {
        final String base, group, token;
        final boolean owner;
        String issue;
        /** The rows of the review the owner's page shows ("" for the message), null for none yet. */
        String reviewRows;
        boolean running, again;
        java.util.concurrent.ScheduledFuture<?> soon;
        /** The cards whose update waits for the next fetch to start, and those waiting for the running one. */
        final List<Long> waiting = new ArrayList<>(), inFetch = new ArrayList<>();

        Page(String base, String group, String token, boolean owner) {
            this.base = base;
            this.group = group;
            this.token = token;
            this.owner = owner;
        }

        synchronized void onEvent(String type, String issueId, Long cardAt, long now, String line) {
            if (issueId != null && !issueId.equals(issue)) {
                issue = issueId; // the page of the issue being estimated (opened anew)
                reviewRows = ""; // a new round shows the message until its first cards
            }
            boolean review = type.equals("review.changed");
            boolean count = type.equals("estimates.count");
            if (PAGES.equals("apply")) {
                if (count && !owner) {
                    record(cardAt, now);
                }
                if (!review) {
                    return; // set from the event (a count), or not shown on an issue page (presence)
                }
                // The review is set from the event while its rows stay the same (app.js); it appears,
                // or its rows change, by a fetch.
                int d = line.indexOf("\"distribution\":{");
                String rows = d < 0 ? "" : line.substring(d, line.indexOf('}', d)).replaceAll(":\\d+", "");
                if (rows.equals(reviewRows)) {
                    record(cardAt, now);
                    return;
                }
                reviewRows = rows;
            }
            if (cardAt != null && (owner ? review : count)) {
                waiting.add(cardAt);
            }
            if (soon != null) {
                soon.cancel(false);
            }
            soon = DEBOUNCE.schedule(this::fetch, 100, TimeUnit.MILLISECONDS);
        }

        private void record(Long cardAt, long now) {
            if (cardAt == null || !measuring) {
                return;
            }
            long[] into = owner ? ownerLatencies : pageLatencies;
            long i = (owner ? ownerUpdates : pageUpdates).getAndIncrement();
            if (i < into.length) {
                into[(int) i] = now - cardAt;
            }
        }

        private synchronized void fetch() {
            if (running) {
                again = true;
                return;
            }
            if (issue == null) {
                return;
            }
            running = true;
            inFetch.addAll(waiting);
            waiting.clear();
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/group/" + group + "/issues/" + issue + "?fragment=live"))
                    .header("Accept", "text/html").header("Cookie", COOKIE + token).build();
            HTTP.sendAsync(get, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> done(e == null && r.statusCode() == 200));
        }

        private synchronized void done(boolean ok) {
            long now = System.nanoTime();
            if (measuring) {
                fetches.incrementAndGet();
            }
            if (!ok) {
                fetchesFailed.incrementAndGet();
            }
            inFetch.forEach(at -> record(at, now));
            inFetch.clear();
            running = false;
            if (again) {
                again = false;
                fetch();
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
