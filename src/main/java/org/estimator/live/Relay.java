package org.estimator.live;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.estimator.redis.SharedRedis;
import org.jboss.logging.Logger;

/**
 * Carries committed events to the other instances through Redis publish/subscribe, when
 * {@code ESTIMATOR_REDIS_URL} is set. Redis is only the fast path: a message lost while Redis is
 * away is read from the event log by polling, so losing Redis costs latency, never events.
 */
@ApplicationScoped
class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class);

    /** This instance, so that it skips its own messages (it delivered them already). */
    private final String instance = UUID.randomUUID().toString();
    private final Vertx vertx;
    private final SharedRedis redis;
    private volatile RedisConnection subscriber;
    private volatile boolean closed;
    private Consumer<LiveEvent> listener = e -> {
    };

    Relay(Vertx vertx, SharedRedis redis) {
        this.vertx = vertx;
        this.redis = redis;
    }

    /** This instance's id (also its name in the presence table). */
    String instance() {
        return instance;
    }

    boolean enabled() {
        return redis.enabled();
    }

    void listen(Consumer<LiveEvent> listener) {
        this.listener = listener;
        if (enabled()) {
            subscribe();
        }
    }

    void publish(List<LiveEvent> events) {
        if (!enabled()) {
            return;
        }
        for (LiveEvent e : events) {
            String message = instance + '\n' + e.groupId() + '\n' + e.seq() + '\n' + e.type() + '\n' + e.data();
            redis.api().publish(redis.key("events"), message)
                    .onFailure(f -> LOG.debugf("Redis publish failed: %s", f.toString()));
        }
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        redis.client().connect().onSuccess(conn -> {
            subscriber = conn;
            conn.handler(this::received);
            conn.exceptionHandler(e -> resubscribe(conn));
            conn.endHandler(v -> resubscribe(conn));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(redis.key("events")))
                    .onSuccess(r -> LOG.infof("Relaying live events through Redis (%s)", redis.key("events")))
                    .onFailure(e -> resubscribe(conn));
        }).onFailure(e -> {
            LOG.warnf("Redis is not reachable (%s); live events reach other instances by polling until it is",
                    e.getMessage());
            vertx.setTimer(2_000, t -> subscribe());
        });
    }

    private void resubscribe(RedisConnection conn) {
        if (subscriber != conn || closed) {
            return;
        }
        subscriber = null;
        conn.close();
        vertx.setTimer(1_000, t -> subscribe());
    }

    private void received(Response message) {
        if (message.size() < 3 || !"message".equalsIgnoreCase(message.get(0).toString())) {
            return;
        }
        String[] parts = message.get(2).toString().split("\n", 5);
        if (parts.length != 5 || parts[0].equals(instance)) {
            return;
        }
        try {
            listener.accept(new LiveEvent(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3], parts[4]));
        } catch (RuntimeException e) {
            LOG.debugf("Ignored a malformed relay message: %s", e.toString());
        }
    }

    @PreDestroy
    void close() {
        closed = true;
        RedisConnection conn = subscriber;
        if (conn != null) {
            conn.close();
        }
    }
}
