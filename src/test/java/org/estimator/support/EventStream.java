package org.estimator.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Server-Sent Events client for tests: reads a stream on its own thread and parses every event
 * (comments included), so a test can wait for what it expects and check what else arrived.
 */
public final class EventStream implements AutoCloseable {

    /** One event as the client saw it; {@code id} is null for events without one. */
    public record Event(String id, String type, String data, String comment, Long retry) {

        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }

        public long seq() {
            return Long.parseLong(id);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Event END = new Event(null, "(end)", null, null, null);

    public final int status;
    public final String contentType;
    public final String body;
    private final InputStream input;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private volatile boolean ended;

    private EventStream(HttpResponse<InputStream> response) throws java.io.IOException {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.input = response.body();
        if (status != 200) {
            this.body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            ended = true;
            return;
        }
        this.body = null;
        Thread reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} (absolute) with the given headers; answers with whatever status came back. */
    public static EventStream open(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new EventStream(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String id = null, type = null, comment = null;
            Long retry = null;
            StringBuilder data = null;
            for (String line; (line = lines.readLine()) != null;) {
                if (line.isEmpty()) {
                    if (data != null || comment != null || retry != null) {
                        queue.add(new Event(id, type == null ? "message" : type, data == null ? null : data.toString(),
                                comment, retry));
                    }
                    id = null;
                    type = null;
                    comment = null;
                    retry = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comment = line.substring(1).strip();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "retry" -> retry = Long.parseLong(value);
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            // closed by the test or the server
        } finally {
            queue.add(END);
        }
    }

    /** The next event that has data (comments and retry hints are skipped, but kept in {@link #seen}). */
    public Event next() throws InterruptedException {
        return next(e -> e.data() != null);
    }

    /** Waits up to 10 s for the next event matching {@code wanted}; fails if the stream ends first. */
    public Event next(Predicate<Event> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = ended ? queue.poll() : queue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching event within 10 s; seen: " + seen);
            }
            if (e == END) {
                ended = true;
                throw new AssertionError("the stream ended; seen: " + seen);
            }
            seen.add(e);
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    /** The next event of this type, failing on any other data event in between. */
    public Event expect(String type) throws InterruptedException {
        Event e = next();
        if (!type.equals(e.type())) {
            throw new AssertionError("expected " + type + " but got " + e.type() + " " + e.data() + "; seen: " + seen);
        }
        return e;
    }

    /**
     * Skips the events that come on the side — presence (whenever someone connects) and, on the
     * owner's stream, review.changed (after every card) — and returns the next other one; the
     * skipped ones are kept in {@link #seen}.
     */
    public Event expectSkippingAsides(String type) throws InterruptedException {
        Event e = next(ev -> ev.data() != null && !"presence".equals(ev.type()) && !"review.changed".equals(ev.type()));
        if (!type.equals(e.type())) {
            throw new AssertionError("expected " + type + " but got " + e.type() + " " + e.data() + "; seen: " + seen);
        }
        return e;
    }

    /** Whether the server ends the stream within {@code seconds}; data events read meanwhile are kept. */
    public boolean endsWithin(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ended) {
            Event e = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return false;
            }
            if (e == END) {
                ended = true;
                return true;
            }
            seen.add(e);
        }
        return true;
    }

    /** Data events waiting that were not read yet (waits briefly so in-flight ones arrive). */
    public List<Event> drain(long millis) throws InterruptedException {
        Thread.sleep(millis);
        List<Event> rest = new ArrayList<>();
        for (Event e; (e = queue.poll()) != null;) {
            if (e == END) {
                ended = true;
                break;
            }
            seen.add(e);
            if (e.data() != null) {
                rest.add(e);
            }
        }
        return rest;
    }

    public List<Event> seen() {
        return seen;
    }

    @Override
    public void close() {
        try {
            input.close();
        } catch (java.io.IOException e) {
            // already closed
        }
    }
}
