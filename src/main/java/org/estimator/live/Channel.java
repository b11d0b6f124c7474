package org.estimator.live;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;

/**
 * The open streams of one group on this instance, and the order its events reach them in.
 *
 * <p>Events arrive from this instance's commits, from Redis and from polling the log, in any order
 * and possibly twice. {@code last} is the id of the last event handed to the streams: the next one
 * goes out when it arrives, later ones wait in {@code early} while the gap is read from the log, and
 * anything at or below {@code last} was already handed out. So every stream gets each event once,
 * in order, whichever way it came.
 */
final class Channel {

    final long groupId;
    final Set<Stream> streams = new CopyOnWriteArraySet<>();
    private final ObjectMapper json;
    private final LongConsumer fill;
    private final TreeMap<Long, LiveEvent> early = new TreeMap<>();
    private long last;
    /** The group's owner as of event {@code last}: the one stream user who gets owner-only events. */
    private long owner;
    /** The highest id this channel knows of (an early event, or the log's head from a poll). */
    private long known;
    private boolean filling;
    private boolean gone;
    /** A stream was given something to write since the last {@link #drain} (under the lock). */
    private boolean queued;

    /**
     * @param head the group's last event id when the channel opened, and its owner then
     * @param fill asked to read the log after {@link #last()} when a gap is seen
     */
    Channel(long groupId, EventStore.Head head, ObjectMapper json, LongConsumer fill) {
        this.groupId = groupId;
        this.last = head.seq();
        this.owner = head.owner();
        this.json = json;
        this.fill = fill;
    }

    synchronized long last() {
        return last;
    }

    /** Whether the user is the group's owner as of the last event handed to the streams. */
    synchronized boolean isOwner(long userId) {
        return owner == userId;
    }

    /** Takes an event from anywhere; the streams write it after the channel's lock is let go. */
    void offer(LiveEvent event) {
        boolean queued;
        synchronized (this) {
            order(event);
            queued = this.queued;
            this.queued = false;
        }
        if (queued) {
            drain(); // an owner-only event with no owner's stream here is written nowhere
        }
    }

    private void order(LiveEvent event) {
        if (gone) {
            return;
        }
        if (event.seq() == 0) {
            deliver(event);
            return;
        }
        if (event.seq() <= last) {
            return;
        }
        if (event.seq() > last + 1) {
            early.put(event.seq(), event);
            known = Math.max(known, event.seq());
            behind();
            return;
        }
        deliver(event);
        last = event.seq();
        while (!early.isEmpty() && early.firstKey() <= last + 1) {
            LiveEvent next = early.pollFirstEntry().getValue();
            if (next.seq() == last + 1) {
                deliver(next);
                last = next.seq();
            }
        }
    }

    /** The log holds events up to {@code head}: read the ones this channel has not seen. */
    synchronized void head(long head) {
        known = Math.max(known, head);
        if (head > last) {
            behind();
        }
    }

    /** Whether events this channel knows of are still missing (a read of the log is due). */
    synchronized boolean isBehind() {
        return known > last;
    }

    /**
     * A read of the log finished (whatever it found was offered). After a failed read the next poll
     * asks again, rather than this channel asking in a loop while the database is away.
     */
    synchronized void filled(boolean ok) {
        filling = false;
        if (ok && !early.isEmpty()) {
            behind();
        }
    }

    /**
     * The events after {@link #last()} are no longer in the log: the streams cannot be brought up to
     * date event by event, so they end and their clients come back for a snapshot. {@code owner} is
     * the group's owner now (a hand-over may be among the lost events).
     */
    void lost(long head, long owner, Buffer reconnect) {
        synchronized (this) {
            early.clear();
            last = head;
            this.owner = owner;
            streams.forEach(s -> s.end(reconnect));
        }
        drain();
    }

    /**
     * Lets every stream write what this channel queued for it (never under the channel's lock): one
     * task per event loop for all of its streams, so that each writes on its own connection's thread
     * (no hand-over per write), and the committing thread (on SQLite the one writer) is free at once.
     */
    private void drain() {
        Map<Executor, List<Stream>> byLoop = new IdentityHashMap<>(4);
        for (Stream s : streams) {
            byLoop.computeIfAbsent(s.loop, k -> new ArrayList<>()).add(s);
        }
        byLoop.forEach((loop, list) -> {
            try {
                loop.execute(() -> list.forEach(Stream::drain));
            } catch (RejectedExecutionException e) {
                list.forEach(Stream::drain); // the event loop has stopped (shutting down): write from here
            }
        });
    }

    private void behind() {
        if (!filling) {
            filling = true;
            fill.accept(groupId);
        }
    }

    private void deliver(LiveEvent event) {
        Buffer frame = Frames.event(event);
        boolean ownerOnly = event.ownerOnly();
        for (Stream s : streams) {
            if (!ownerOnly || s.userId == owner) {
                s.offer(event, frame);
                queued = true;
            }
        }
        if (event.ends()) {
            gone = true;
            return;
        }
        if (event.type().equals(GroupEvents.GROUP_OWNER)) {
            // From the next event on, the new owner gets what only the owner may see.
            long next = userId(event);
            owner = next > 0 ? next : owner;
            return;
        }
        long leaving = event.type().equals(GroupEvents.MEMBER_LEFT) || event.type().equals(GroupEvents.MEMBER_REMOVED)
                ? userId(event)
                : 0;
        if (leaving > 0) {
            // A member who left or was removed loses their streams at once, after seeing why.
            for (Stream s : streams) {
                if (s.userId == leaving) {
                    s.end(null);
                }
            }
        }
    }

    /** The {@code userId} an event is about (the member who left, the new owner); 0 if none. */
    private long userId(LiveEvent event) {
        try {
            JsonNode user = json.readTree(event.data()).get("userId");
            return user == null ? 0 : user.asLong();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Adds a stream unless the channel is closing (the group is gone, or its last stream left). */
    synchronized boolean add(Stream stream) {
        return !gone && streams.add(stream);
    }

    /** Removes a stream; true when it was the last one, and the channel is then closed for good. */
    synchronized boolean remove(Stream stream) {
        streams.remove(stream);
        if (streams.isEmpty()) {
            gone = true;
        }
        return gone;
    }
}
