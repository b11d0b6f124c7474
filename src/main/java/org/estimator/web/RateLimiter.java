package org.estimator.web;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.redis.client.Response;
import org.estimator.common.ApiError;
import org.estimator.common.Secrets;
import org.estimator.redis.SharedRedis;
import org.jboss.logging.Logger;

/**
 * Fixed-window counters per key (an email, a client address). With Redis configured the counters
 * are shared by every instance (so a burst spread over instances is still one burst); otherwise,
 * and whenever Redis does not answer, they live in this instance's memory. Keys are hashed before
 * they reach Redis: no email address is stored there. A limit of 0 or less means no limit.
 *
 * <p>Counting is atomic and comes first ({@link #acquire}): of many simultaneous requests exactly
 * {@code limit} get through per window, however parallel they are. A caller that learns the event
 * should not count after all (a sign-in that succeeded) gives it back with {@link #release}.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** Counts one event; over the limit it takes it back. Returns {count, milliseconds left}. */
    private static final String ACQUIRE = "local n = redis.call('INCR', KEYS[1]) "
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "if n > tonumber(ARGV[2]) then redis.call('DECR', KEYS[1]) end "
            + "return {n, redis.call('PTTL', KEYS[1])}";
    private static final String RELEASE = "if redis.call('EXISTS', KEYS[1]) == 1 then "
            + "return redis.call('DECR', KEYS[1]) end return 0";

    /** A window's count and when it ends. */
    private record Window(long end, AtomicInteger counter) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final SharedRedis redis;

    RateLimiter(SharedRedis redis) {
        this.redis = redis;
    }

    /** Counts one event for the key; 429 with Retry-After when the window's limit is reached. */
    public void hit(String key, int limit, long windowMillis, String message) {
        long wait = acquire(key, limit, windowMillis);
        if (wait > 0) {
            throw ApiError.tooMany(message, wait);
        }
    }

    /**
     * Counts one event for the key if the window has room: returns 0 then, otherwise the seconds
     * until the window ends (and the refused event is not counted).
     */
    public long acquire(String key, int limit, long windowMillis) {
        if (limit <= 0) {
            return 0;
        }
        long[] shared = shared(ACQUIRE, key, windowMillis, limit);
        if (shared != null) {
            return shared[0] > limit ? seconds(shared[1]) : 0;
        }
        long now = System.currentTimeMillis();
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> w.end <= now);
        }
        Window w = windows.compute(key, (k, old) -> old == null || old.end <= now
                ? new Window(now + windowMillis, new AtomicInteger())
                : old);
        if (w.counter.incrementAndGet() > limit) {
            w.counter.decrementAndGet();
            return seconds(w.end - now);
        }
        return 0;
    }

    /** Gives back one event counted by {@link #acquire} (with a limit above 0). */
    public void release(String key) {
        if (redis.enabled()) {
            try {
                SharedRedis.await(redis.api().eval(List.of(RELEASE, "1", redisKey(key))));
                return;
            } catch (Exception e) {
                LOG.debugf("Redis counters unavailable, counting in memory: %s", e.toString());
            }
        }
        Window w = windows.get(key);
        if (w != null && w.end > System.currentTimeMillis()) {
            w.counter.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** Runs a counter script in Redis; null when Redis is not configured or does not answer. */
    private long[] shared(String script, String key, long windowMillis, int limit) {
        if (!redis.enabled()) {
            return null;
        }
        try {
            Response r = SharedRedis.await(redis.api().eval(List.of(script, "1", redisKey(key),
                    Long.toString(windowMillis), Integer.toString(limit))));
            long left = r.get(1).toLong();
            return new long[]{r.get(0).toLong(), left > 0 ? left : windowMillis};
        } catch (Exception e) {
            LOG.debugf("Redis counters unavailable, counting in memory: %s", e.toString());
            return null;
        }
    }

    private String redisKey(String key) {
        return redis.key("rate:" + Secrets.hash(key));
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
