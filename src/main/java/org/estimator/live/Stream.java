package org.estimator.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * One open event stream. Until the client's subscription arrives and the opening events (snapshot or
 * missed events) are written, live events wait in {@code waiting}; afterwards each event is written
 * once, in order: anything at or below the last id written is a duplicate and is dropped. A client
 * that does not read its stream fills the connection's write queue; the stream then ends, and the
 * client resumes from its last event id (from the log) instead of holding events in memory here.
 *
 * <p>What one {@link #drain} writes goes to the connection as one write: a stream's events that
 * queued up while its event loop was busy (the server behind under load, or the opening frames) cost
 * one system call and one TCP segment instead of one each, so a loaded server catches up instead of
 * falling further behind; when it keeps up, each event is still written the moment it arrives.
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
    /** The event loop of the stream's connection: its channel has the stream's events written there. */
    final Executor loop;
    final long openedAt = System.currentTimeMillis();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Read by the heartbeat from other threads. */
    private volatile boolean started;

    // Touched only by the draining thread:
    private Sink sink;
    private List<Waiting> waiting = new ArrayList<>();
    private long last;
    private boolean ended;
    /** The frames of this drain not yet written; {@code batchOwned} once it is a copy of its own to append to. */
    private Buffer batch;
    private boolean batchOwned;

    private record Waiting(LiveEvent event, Buffer frame) {
    }

    /** A batch this long is written without waiting for the end of the drain. */
    private static final int BATCH_LIMIT = 64 * 1024;

    /** Where a stream's bytes go: its HTTP response. */
    interface Sink {

        void write(Buffer frame);

        /** The connection holds as much unsent data as it should: the client is not reading. */
        boolean full();

        void end();
    }

    Stream(long groupId, long userId, Executor loop) {
        this.groupId = groupId;
        this.userId = userId;
        this.loop = loop;
    }

    /** Starts writing: the opening frames up to event id {@code upTo}, then what arrived meanwhile. */
    void start(Sink sink, List<Buffer> opening, long upTo) {
        tasks.add(() -> {
            this.sink = sink;
            started = true;
            if (ended) {
                sink.end();
                return;
            }
            opening.forEach(this::queue);
            last = upTo;
            List<Waiting> early = waiting;
            waiting = null;
            early.forEach(w -> write(w.event(), w.frame()));
        });
        drain();
    }

    /** Queues {@code event}, already in its wire form {@code frame} (encoded once for all streams); see {@link #drain}. */
    void offer(LiveEvent event, Buffer frame) {
        tasks.add(() -> write(event, frame));
    }

    /** Queues the end of the stream, optionally with a last frame (such as a reconnect hint); see {@link #drain}. */
    void end(Buffer lastFrame) {
        tasks.add(() -> finish(lastFrame));
    }

    void comment(Buffer comment) {
        tasks.add(() -> {
            if (!ended && sink != null) {
                queue(comment);
            }
        });
        drain();
    }

    /**
     * Runs what is queued, in order, unless another thread is already doing so (it then runs this
     * too), and writes what it produced as one batch. Never call it while holding a lock.
     */
    void drain() {
        while (draining.compareAndSet(false, true)) {
            try {
                for (Runnable task; (task = tasks.poll()) != null;) {
                    guarded(task);
                }
                guarded(this::send);
            } finally {
                draining.set(false);
            }
            if (tasks.isEmpty()) {
                return;
            }
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.debugf("Writing to an event stream failed (the client went away?): %s", e.toString());
        }
    }

    /** Adds a frame to this drain's batch. The frames are shared by all streams: a second one makes the batch a copy. */
    private void queue(Buffer frame) {
        if (batch == null) {
            batch = frame;
        } else {
            if (!batchOwned) {
                batch = Buffer.buffer(Math.max(1024, 2 * (batch.length() + frame.length()))).appendBuffer(batch);
                batchOwned = true;
            }
            batch.appendBuffer(frame);
        }
        if (batch.length() >= BATCH_LIMIT) {
            send();
        }
    }

    private void send() {
        if (batch != null) {
            Buffer out = batch;
            batch = null;
            batchOwned = false;
            sink.write(out);
        }
    }

    private void write(LiveEvent event, Buffer frame) {
        if (ended) {
            return;
        }
        if (waiting != null) {
            waiting.add(new Waiting(event, frame));
            return;
        }
        if (event.seq() != 0 && event.seq() <= last) {
            return;
        }
        if (sink.full()) {
            LOG.debugf("A client of group %d does not read its event stream: ended, it resumes from its last id",
                    groupId);
            finish(null);
            return;
        }
        queue(frame);
        if (event.seq() != 0) {
            last = event.seq();
        }
        if (event.ends()) {
            finish(null);
        }
    }

    private void finish(Buffer lastFrame) {
        if (ended) {
            return;
        }
        ended = true;
        waiting = null;
        if (sink != null) {
            if (lastFrame != null) {
                queue(lastFrame);
            }
            send();
            sink.end();
        }
    }

    boolean started() {
        return started;
    }
}
