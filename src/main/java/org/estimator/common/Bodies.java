package org.estimator.common;

/** Request bodies are optional in JAX-RS; a route that needs one says so with a 400. */
public final class Bodies {

    private Bodies() {
    }

    public static <T> T require(T body) {
        if (body == null) {
            throw ApiError.invalid("A JSON request body is required");
        }
        return body;
    }
}
