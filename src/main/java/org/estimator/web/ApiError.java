package org.estimator.web;

/**
 * A refusal the client caused, with the status and message it gets back.
 *
 * <p>Services throw these; {@link ErrorMappers} turns them into {@code {"message": ...}} bodies.
 */
public final class ApiError extends RuntimeException {

    private final int status;

    private ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
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

    public static ApiError tooMany(String message) {
        return new ApiError(429, message);
    }
}
