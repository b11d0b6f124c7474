package org.estimator.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed-window counters per key (an email, a client address), in this instance's memory.
 * A limit of 0 or less means no limit.
 */
@ApplicationScoped
public class RateLimiter {

    private record Window(long start, AtomicInteger count) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts one event for the key; 429 with Retry-After when it is over the limit for the window. */
    public void hit(String key, int limit, long windowMillis, String message) {
        if (limit <= 0) {
            return;
        }
        Window w = count(key, windowMillis);
        if (w.count.get() > limit) {
            throw ApiError.tooMany(message, retryAfter(w, windowMillis));
        }
    }

    /** Counts one event for the key without judging it (failures, judged by {@link #check} next time). */
    public void record(String key, long windowMillis) {
        count(key, windowMillis);
    }

    private Window count(String key, long windowMillis) {
        long now = System.currentTimeMillis();
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> w.start + windowMillis < now);
        }
        Window w = windows.compute(key, (k, old) -> old == null || old.start + windowMillis <= now
                ? new Window(now, new AtomicInteger()) : old);
        w.count.incrementAndGet();
        return w;
    }

    private static long retryAfter(Window w, long windowMillis) {
        return Math.max(1, (w.start + windowMillis - System.currentTimeMillis() + 999) / 1000);
    }

    /** Refuses with 429 when the key has reached its limit in the window, without counting an event. */
    public void check(String key, int limit, long windowMillis, String message) {
        if (limit <= 0) {
            return;
        }
        Window w = windows.get(key);
        if (w != null && w.start + windowMillis > System.currentTimeMillis() && w.count.get() >= limit) {
            throw ApiError.tooMany(message, retryAfter(w, windowMillis));
        }
    }

    /** Forgets the key (after a successful sign-in). */
    public void reset(String key) {
        windows.remove(key);
    }
}
