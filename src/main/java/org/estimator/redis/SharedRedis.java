package org.estimator.redis;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import org.estimator.config.Settings;

/**
 * The Redis that several instances share, when {@code ESTIMATOR_REDIS_URL} is set: live events
 * between instances and the rate-limit counters. Optional by design: without it (or while it is
 * away) events arrive by polling the database and each instance counts on its own.
 */
@ApplicationScoped
public class SharedRedis {

    private final Redis client;
    private final RedisAPI api;
    private final String prefix;

    SharedRedis(Vertx vertx,
            Settings settings) {
        Optional<String> url = settings.redis().url();
        this.prefix = settings.redis().prefix();
        if (url.isPresent() && !url.get().isBlank()) {
            this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url.get().strip())
                    .setMaxPoolSize(8).setMaxPoolWaiting(10_000));
            this.api = RedisAPI.api(client);
        } else {
            this.client = null;
            this.api = null;
        }
    }

    /**
     * A key (or channel) name of this deployment: instances that work together share the prefix, and
     * separate deployments on one Redis keep apart by choosing different ones.
     */
    public String key(String name) {
        return prefix + ":" + name;
    }

    public boolean enabled() {
        return client != null;
    }

    /** The client, for a connection of its own (a subscription). */
    public Redis client() {
        return client;
    }

    public RedisAPI api() {
        return api;
    }

    /** Waits up to a second for a Redis answer (for callers on worker threads). */
    public static Response await(Future<Response> answer) throws Exception {
        return answer.toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
    }

    /** Whether Redis answers within a second (readiness). */
    public boolean reachable() {
        try {
            await(api.ping(List.of()));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
