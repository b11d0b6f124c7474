package org.estimator.live;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * Server-Sent Events on the wire. An event is encoded once, when it reaches this instance, and the
 * same bytes go to every stream of its group: encoding it once per connection, through the JAX-RS
 * SSE writer, was a fifth of the CPU of a card given to a room of 20 (bench/RESULTS.md). A Vert.x
 * buffer may be written to any number of connections (it is not reference counted).
 */
final class Frames {

    /** A comment: keeps proxies and clients from taking a quiet stream for a dead one. */
    static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");

    private Frames() {
    }

    /** An event: its id (none for an event that is not logged), its type and its JSON object. */
    static Buffer event(LiveEvent event) {
        StringBuilder frame = new StringBuilder(event.data().length() + 48);
        if (event.seq() > 0) {
            frame.append("id: ").append(event.seq()).append('\n');
        }
        frame.append("event: ").append(event.type()).append('\n');
        // A line break ends a field: every line of the data is a data field of its own.
        String data = event.data();
        int from = 0;
        for (int nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', from)) {
            frame.append("data: ").append(data, from, nl).append('\n');
            from = nl + 1;
        }
        frame.append("data: ").append(data, from, data.length()).append('\n');
        return Buffer.buffer(frame.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** How long a client waits before it reconnects after the stream ends. */
    static Buffer retry(long millis) {
        return Buffer.buffer(":\nretry: " + millis + "\n\n");
    }

    /** The stream is about to end (shutting down, or catching up is impossible): come back soon. */
    static Buffer reconnect(long millis) {
        return Buffer.buffer(": reconnect\nretry: " + millis + "\n\n");
    }
}
