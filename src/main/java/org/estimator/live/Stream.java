package org.estimator.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.sse.OutboundSseEvent;

import io.smallrye.mutiny.subscription.MultiEmitter;
import org.jboss.logging.Logger;

/**
 * One open event stream. Until the client's subscription arrives and the opening events (snapshot or
 * missed events) are written, live events wait in {@code waiting}; afterwards each event is written
 * once, in order: anything at or below the last id written is a duplicate and is dropped.
 *
 * <p>The stream holds no lock. What is asked of it ({@link #offer}, {@link #end}, {@link #start},
 * {@link #comment}) is queued, and {@link #drain} runs the queue in order on one thread at a time
 * (whichever thread finds it idle). A channel queues events while it holds its own lock and drains
 * only after letting go of it, so no thread ever writes to a client, or waits for a stream, while
 * holding a lock that another thread (an event loop closing a connection) could need: the lock-order
 * deadlock between streams and channels that once hung shutdown cannot happen.
 */
final class Stream {

    private static final Logger LOG = Logger.getLogger(Stream.class);

    final long groupId;
    final long userId;
    final long openedAt = System.currentTimeMillis();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Read by the heartbeat from other threads. */
    private volatile boolean started;

    // Touched only by the draining thread:
    private MultiEmitter<? super OutboundSseEvent> emitter;
    private List<Waiting> waiting = new ArrayList<>();
    private long last;
    private boolean ended;

    private record Waiting(LiveEvent event, OutboundSseEvent sse) {
    }

    Stream(long groupId, long userId) {
        this.groupId = groupId;
        this.userId = userId;
    }

    /** Starts writing: the opening events up to id {@code upTo}, then what arrived meanwhile. */
    void start(MultiEmitter<? super OutboundSseEvent> emitter, List<OutboundSseEvent> opening, long upTo) {
        tasks.add(() -> {
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
        drain();
    }

    /** Queues {@code event}, already in its wire form {@code sse} (built once for all streams); see {@link #drain}. */
    void offer(LiveEvent event, OutboundSseEvent sse) {
        tasks.add(() -> write(event, sse));
    }

    /** Queues the end of the stream, optionally with a last event (such as a reconnect hint); see {@link #drain}. */
    void end(OutboundSseEvent lastEvent) {
        tasks.add(() -> finish(lastEvent));
    }

    void comment(OutboundSseEvent comment) {
        tasks.add(() -> {
            if (!ended && emitter != null) {
                emitter.emit(comment);
            }
        });
        drain();
    }

    /**
     * Runs what is queued, in order, unless another thread is already doing so (it then runs this
     * too). Never call it while holding a lock.
     */
    void drain() {
        while (draining.compareAndSet(false, true)) {
            try {
                for (Runnable task; (task = tasks.poll()) != null;) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.debugf("Writing to an event stream failed (the client went away?): %s", e.toString());
                    }
                }
            } finally {
                draining.set(false);
            }
            if (tasks.isEmpty()) {
                return;
            }
        }
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
