package org.estimator.tracker;

import org.estimator.common.ApiError;

/**
 * A call to a tracker that did not do what it was for, with a message for the owner. {@code retry}
 * says whether trying again later may help (the tracker was down, slow or rate-limited) or not (the
 * token was refused, the issue is gone, the value cannot be written there).
 */
final class TrackerFailure extends RuntimeException {

    private final boolean retry;
    private final long retryAfterSeconds;
    private final boolean timeout;

    private TrackerFailure(String message, boolean retry, long retryAfterSeconds, boolean timeout) {
        super(message, null, false, false);
        this.retry = retry;
        this.retryAfterSeconds = retryAfterSeconds;
        this.timeout = timeout;
    }

    static TrackerFailure permanent(String message) {
        return new TrackerFailure(message, false, 0, false);
    }

    static TrackerFailure temporary(String message) {
        return new TrackerFailure(message, true, 0, false);
    }

    static TrackerFailure rateLimited(String tracker, long seconds) {
        return new TrackerFailure(tracker + " asks to wait " + seconds + " s before the next request (rate limit)",
                true, seconds, false);
    }

    static TrackerFailure timedOut(String tracker, long seconds) {
        return new TrackerFailure(tracker + " did not answer within " + seconds + " s", true, 0, true);
    }

    boolean retry() {
        return retry;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The answer to a request that needed the tracker: 502, 503 with Retry-After, or 504. */
    ApiError toApi() {
        if (timeout) {
            return ApiError.gatewayTimeout(getMessage());
        }
        return retryAfterSeconds > 0
                ? ApiError.unavailable(getMessage(), retryAfterSeconds)
                : ApiError.badGateway(getMessage());
    }
}
