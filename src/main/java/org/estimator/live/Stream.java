package org.estimator.live;

import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One open event stream. Until the client's subscription arrives and the opening events (snapshot or
 * missed events) are written, live events wait in {@code waiting}; afterwards each event is written
 * once, in order: anything at or below the last id written is a duplicate and is dropped.
 */
final class Stream {

    final long groupId;
    final long userId;
    final long openedAt = System.currentTimeMillis();
    private MultiEmitter<? super OutboundSseEvent> emitter;
    private List<Waiting> waiting = new ArrayList<>();

    private record Waiting(LiveEvent event, OutboundSseEvent sse) {
    }
    private long last;
    private boolean ended;

    Stream(long groupId, long userId) {
        this.groupId = groupId;
        this.userId = userId;
    }

    /** Starts writing: the opening events up to id {@code upTo}, then what arrived meanwhile. */
    synchronized void start(MultiEmitter<? super OutboundSseEvent> emitter, List<OutboundSseEvent> opening, long upTo) {
        this.emitter = emitter;
        if (ended) {
            emitter.complete();
            return;
        }
        opening.forEach(emitter::emit);
        last = upTo;
        List<Waiting> early = waiting;
        waiting = null;
        early.forEach(w -> offer(w.event(), w.sse()));
    }

    /** Writes {@code event}, already in its wire form {@code sse} (built once for all streams). */
    synchronized void offer(LiveEvent event, OutboundSseEvent sse) {
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
            end(null);
        }
    }

    synchronized void comment(OutboundSseEvent comment) {
        if (!ended && emitter != null) {
            emitter.emit(comment);
        }
    }

    /** Ends the stream, optionally with a last event (such as a reconnect hint). */
    synchronized void end(OutboundSseEvent last) {
        if (ended) {
            return;
        }
        ended = true;
        if (emitter != null) {
            if (last != null) {
                emitter.emit(last);
            }
            emitter.complete();
        }
    }

    synchronized boolean started() {
        return emitter != null;
    }
}
