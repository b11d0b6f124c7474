package org.estimator.common;

/**
 * A refusal the client caused, with the status and message it gets back.
 *
 * <p>Services throw these; {@link ErrorMappers} turns them into {@code {"message": ...}} bodies.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final long retryAfterSeconds;

    private ApiError(int status, String message) {
        this(status, message, 0);
    }

    private ApiError(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds for a Retry-After header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiError invalid(String message) {
        return new ApiError(400, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    public static ApiError tooMany(String message, long retryAfterSeconds) {
        return new ApiError(429, message, retryAfterSeconds);
    }

    /** Another server this request needed (a tracker) failed or refused: 502. */
    public static ApiError badGateway(String message) {
        return new ApiError(502, message);
    }

    /** Another server this request needed asks to wait (a rate limit): 503 with Retry-After. */
    public static ApiError unavailable(String message, long retryAfterSeconds) {
        return new ApiError(503, message, retryAfterSeconds);
    }

    /** Another server this request needed did not answer in time: 504. */
    public static ApiError gatewayTimeout(String message) {
        return new ApiError(504, message);
    }
}
