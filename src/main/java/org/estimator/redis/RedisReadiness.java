package org.estimator.redis;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness includes Redis when one is configured: events still flow without it (by polling), but
 * slower, and rate limits fall back to each instance's own counters, so the operator should know.
 */
@Readiness
@ApplicationScoped
class RedisReadiness implements HealthCheck {

    private final SharedRedis redis;

    RedisReadiness(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        if (!redis.enabled()) {
            return HealthCheckResponse.named("redis").up().withData("configured", false).build();
        }
        return HealthCheckResponse.named("redis").status(redis.reachable()).build();
    }
}
