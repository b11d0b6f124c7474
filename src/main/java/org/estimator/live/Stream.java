package org.estimator.live;

import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One open event stream. Until the client's subscription arrives and the opening events (snapshot or
 * missed events) are written, live events wait in {@code waiting}; afterwards each event is written
 * once, in order: anything at or below the last id written is a duplicate and is dropped.
 *
 * <p>Everything a stream does happens on its own Vert.x context (one event loop), in the order it was
 * asked for: {@link #offer}, {@link #start}, {@link #comment} and {@link #end} only queue a task
 * there, and return at once. So the stream needs no lock, and whoever hands it an event (a channel,
 * holding its own lock) never waits for a write or for another lock — the lock-order deadlock
 * between streams and channels that once hung shutdown cannot happen.
 */
final class Stream {

    final long groupId;
    final long userId;
    final long openedAt = System.currentTimeMillis();
    private final Context context;
    /** Read by the heartbeat from other threads; written on the context only. */
    private volatile boolean started;

    // Confined to the context:
    private MultiEmitter<? super OutboundSseEvent> emitter;
    private List<Waiting> waiting = new ArrayList<>();
    private long last;
    private boolean ended;

    private record Waiting(LiveEvent event, OutboundSseEvent sse) {
    }

    Stream(long groupId, long userId, Context context) {
        this.groupId = groupId;
        this.userId = userId;
        this.context = context;
    }

    /** Starts writing: the opening events up to id {@code upTo}, then what arrived meanwhile. */
    void start(MultiEmitter<? super OutboundSseEvent> emitter, List<OutboundSseEvent> opening, long upTo) {
        context.runOnContext(v -> {
            this.emitter = emitter;
            started = true;
            if (ended) {
                emitter.complete();
                return;
            }
            opening.forEach(emitter::emit);
            last = upTo;
            List<Waiting> early = waiting;
            waiting = null;
            early.forEach(w -> write(w.event(), w.sse()));
        });
    }

    /** Writes {@code event}, already in its wire form {@code sse} (built once for all streams). */
    void offer(LiveEvent event, OutboundSseEvent sse) {
        context.runOnContext(v -> write(event, sse));
    }

    private void write(LiveEvent event, OutboundSseEvent sse) {
        if (ended) {
            return;
        }
        if (waiting != null) {
            waiting.add(new Waiting(event, sse));
            return;
        }
        if (event.seq() != 0 && event.seq() <= last) {
            return;
        }
        emitter.emit(sse);
        if (event.seq() != 0) {
            last = event.seq();
        }
        if (event.ends()) {
            finish(null);
        }
    }

    void comment(OutboundSseEvent comment) {
        context.runOnContext(v -> {
            if (!ended && emitter != null) {
                emitter.emit(comment);
            }
        });
    }

    /** Ends the stream, optionally with a last event (such as a reconnect hint). */
    void end(OutboundSseEvent lastEvent) {
        context.runOnContext(v -> finish(lastEvent));
    }

    private void finish(OutboundSseEvent lastEvent) {
        if (ended) {
            return;
        }
        ended = true;
        waiting = null;
        if (emitter != null) {
            if (lastEvent != null) {
                emitter.emit(lastEvent);
            }
            emitter.complete();
        }
    }

    boolean started() {
        return started;
    }
}
