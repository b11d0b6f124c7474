package org.estimator.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.buffer.Buffer;
import org.estimator.config.Settings;
import org.jboss.logging.Logger;

/**
 * This instance's open streams, grouped by group, and the paths events take to them: this instance's
 * commits ({@link #committed}), other instances' commits through Redis ({@link #heard}), and, as the
 * safety net that makes Redis optional, polling the log ({@link #poll}).
 */
@ApplicationScoped
class Hub {

    private static final Logger LOG = Logger.getLogger(Hub.class);
    /** Events read from the log at a time when a channel catches up. */
    private static final int FILL_BATCH = 500;
    /** A stream whose client never subscribed (it went away while the stream opened) is dropped. */
    private static final long UNSTARTED_LIMIT_MS = 60_000;

    private final Map<Long, Channel> channels = new ConcurrentHashMap<>();
    private final EventStore store;
    private final ObjectMapper json;
    private final Relay relay;
    private final Duration retry;
    /**
     * A gap is read from the log only if it is still open this long after it was seen: events of one
     * group committed at nearly the same moment often arrive a little out of order.
     */
    private static final long GAP_GRACE_MS = 50;
    /** Reads of the log and presence updates: off the event loop, a few at a time. */
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "live-worker");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    Hub(EventStore store,
            ObjectMapper json,
            Relay relay,
            MeterRegistry metrics,
            Settings settings) {
        this.store = store;
        this.json = json;
        this.relay = relay;
        this.retry = settings.events().retry();
        metrics.gauge("estimator.streams.open", this, Hub::openStreams);
        relay.listen(this::heard);
    }

    /** Events this instance committed: to its own streams at once, and to the other instances. */
    void committed(List<LiveEvent> events) {
        events.forEach(this::heard);
        relay.publish(events);
    }

    /** An event from anywhere; the channel puts it in order and drops what it has seen. */
    void heard(LiveEvent event) {
        Channel channel = channels.get(event.groupId());
        if (channel != null) {
            channel.offer(event);
        }
    }

    /** Registers a stream of the group; live events for it wait in the stream until it starts. */
    Stream open(long groupId, long userId, Executor loop) {
        if (stopping) {
            throw new IllegalStateException("shutting down");
        }
        Stream stream = new Stream(groupId, userId, loop);
        while (true) {
            Channel channel = channels.computeIfAbsent(groupId,
                    id -> new Channel(id, store.headAndOwner(id), json, this::fill));
            if (channel.add(stream)) {
                return stream;
            }
            channels.remove(groupId, channel); // closing: make way for a fresh one
        }
    }

    /** Whether the stream's user is the group's owner now (as its channel knows it from the events so far). */
    boolean isOwner(Stream stream) {
        Channel channel = channels.get(stream.groupId);
        return channel != null && channel.isOwner(stream.userId);
    }

    /** Forgets a stream that ended; the last stream of a group closes its channel. */
    void close(Stream stream) {
        stream.end(null);
        stream.drain();
        Channel channel = channels.get(stream.groupId);
        if (channel != null && channel.remove(stream)) {
            channels.remove(stream.groupId, channel);
        }
    }

    void run(Runnable task) {
        workers.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("Live update task failed: %s", e.toString());
            }
        });
    }

    int openStreams() {
        return channels.values().stream().mapToInt(c -> c.streams.size()).sum();
    }

    /** The group's streams open on this instance. */
    int openStreams(long groupId) {
        Channel channel = channels.get(groupId);
        return channel == null ? 0 : channel.streams.size();
    }

    /** A channel saw a gap: read the log after the channel's last event. */
    private void fill(long groupId) {
        workers.schedule(() -> {
            Channel channel = channels.get(groupId);
            if (channel == null) {
                return;
            }
            if (!channel.isBehind()) {
                channel.filled(true);
                return;
            }
            boolean ok = false;
            try {
                List<LiveEvent> events;
                do {
                    long after = channel.last();
                    events = store.since(groupId, after, FILL_BATCH);
                    if (events.isEmpty()) {
                        if (store.head(groupId) < 0) {
                            channel.offer(deletion(groupId));
                        }
                        break;
                    }
                    if (events.get(0).seq() > after + 1) {
                        LOG.debugf("Group %d: events after %d are no longer kept; its streams start over", groupId,
                                after);
                        channel.lost(events.get(0).seq() - 1, store.headAndOwner(groupId).owner(), reconnectHint());
                    }
                    events.forEach(channel::offer);
                } while (events.size() == FILL_BATCH);
                ok = true;
            } catch (RuntimeException e) {
                // The database is away: the next poll asks again.
                LOG.debugf("Reading the event log of group %d failed: %s", groupId, e.toString());
            } finally {
                channel.filled(ok);
            }
        }, GAP_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Compares each open group's last event id in the database with what its channel has seen: the
     * path by which events arrive when Redis is not configured or lost a message, and by which a
     * deletion on another instance is noticed.
     */
    @Scheduled(every = "${estimator.events.poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void poll() {
        if (channels.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(channels.keySet());
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            Map<Long, Long> heads;
            try {
                heads = store.heads(chunk);
            } catch (RuntimeException e) {
                LOG.debugf("Polling the event log failed: %s", e.toString());
                return;
            }
            for (Long id : chunk) {
                Channel channel = channels.get(id);
                if (channel == null) {
                    continue;
                }
                Long head = heads.get(id);
                if (head == null) {
                    channel.offer(deletion(id));
                } else {
                    channel.head(head);
                }
            }
        }
    }

    /** A comment on every stream, so that proxies and clients see the connection is alive. */
    @Scheduled(every = "${estimator.events.heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        long now = System.currentTimeMillis();
        for (Channel channel : channels.values()) {
            for (Stream stream : channel.streams) {
                if (stream.started()) {
                    stream.comment(Frames.HEARTBEAT);
                } else if (now - stream.openedAt > UNSTARTED_LIMIT_MS) {
                    close(stream);
                }
            }
        }
    }

    /**
     * On shutdown every stream ends with a hint to reconnect soon (to another instance, or this one
     * restarted). This runs at the start of the shutdown delay, while the HTTP server still writes;
     * by the time Quarkus waits for running requests, no stream holds it up.
     */
    void stop(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        Buffer hint = reconnectHint();
        int open = openStreams();
        channels.values().forEach(c -> c.streams.forEach(s -> {
            s.end(hint);
            s.drain();
        }));
        if (open > 0) {
            LOG.infof("Ended %d event streams with a hint to reconnect", open);
        }
    }

    Buffer reconnectHint() {
        return Frames.reconnect(retry.toMillis());
    }

    Buffer retryField() {
        return Frames.retry(retry.toMillis());
    }

    String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("An event could not be written as JSON", e);
        }
    }

    static LiveEvent deletion(long groupId) {
        return new LiveEvent(groupId, 0, GroupEvents.GROUP_DELETED, "{}");
    }

    @PreDestroy
    void shutdownWorkers() throws InterruptedException {
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
