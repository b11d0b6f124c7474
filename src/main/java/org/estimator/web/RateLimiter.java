package org.estimator.web;

import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.estimator.db.SharedRedis;
import org.jboss.logging.Logger;

/**
 * Fixed-window counters per key (an email, a client address). With Redis configured the counters
 * are shared by every instance (so a burst spread over instances is still one burst); otherwise,
 * and whenever Redis does not answer, they live in this instance's memory. Keys are hashed before
 * they reach Redis: no email address is stored there. A limit of 0 or less means no limit.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** Counts one event and returns {count, milliseconds left in the window}. */
    private static final String HIT = "local n = redis.call('INCR', KEYS[1]) "
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "return {n, redis.call('PTTL', KEYS[1])}";
    private static final String PEEK = "return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}";

    /** A window's count and when it ends. */
    private record Window(long end, AtomicInteger counter) {

        int count() {
            return counter.get();
        }
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final SharedRedis redis;

    RateLimiter(SharedRedis redis) {
        this.redis = redis;
    }

    /** Counts one event for the key; 429 with Retry-After when it is over the limit for the window. */
    public void hit(String key, int limit, long windowMillis, String message) {
        if (limit <= 0) {
            return;
        }
        Window w = count(key, windowMillis);
        if (w.count() > limit) {
            throw ApiError.tooMany(message, retryAfter(w));
        }
    }

    /** Counts one event for the key without judging it (failures, judged by {@link #check} next time). */
    public void record(String key, long windowMillis) {
        count(key, windowMillis);
    }

    /** Refuses with 429 when the key has reached its limit in the window, without counting an event. */
    public void check(String key, int limit, long windowMillis, String message) {
        if (limit <= 0) {
            return;
        }
        Window w = shared(PEEK, key, windowMillis);
        if (w == null) {
            w = windows.get(key);
        }
        if (w != null && w.end > System.currentTimeMillis() && w.count() >= limit) {
            throw ApiError.tooMany(message, retryAfter(w));
        }
    }

    /** Forgets the key (after a successful sign-in). */
    public void reset(String key) {
        windows.remove(key);
        if (redis.enabled()) {
            redis.api().del(List.of(redisKey(key))).onFailure(e -> LOG.debugf("Redis DEL failed: %s", e.toString()));
        }
    }

    private Window count(String key, long windowMillis) {
        Window shared = shared(HIT, key, windowMillis);
        if (shared != null) {
            return shared;
        }
        long now = System.currentTimeMillis();
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> w.end <= now);
        }
        Window w = windows.compute(key, (k, old) -> old == null || old.end <= now
                ? new Window(now + windowMillis, new AtomicInteger()) : old);
        w.counter.incrementAndGet();
        return w;
    }

    /** Runs a counter script in Redis; null when Redis is not configured or does not answer. */
    private Window shared(String script, String key, long windowMillis) {
        if (!redis.enabled()) {
            return null;
        }
        try {
            Response r = SharedRedis.await(redis.api().eval(List.of(script, "1", redisKey(key), Long.toString(windowMillis))));
            long now = System.currentTimeMillis();
            long left = r.get(1).toLong();
            return new Window(now + (left > 0 ? left : windowMillis), new AtomicInteger(r.get(0).toInteger()));
        } catch (Exception e) {
            LOG.debugf("Redis counters unavailable, counting in memory: %s", e.toString());
            return null;
        }
    }

    private String redisKey(String key) {
        return redis.key("rate:" + Secrets.hash(key));
    }

    private static long retryAfter(Window w) {
        return Math.max(1, (w.end - System.currentTimeMillis() + 999) / 1000);
    }
}
