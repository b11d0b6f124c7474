package org.estimator.common;

/** The body of every error the API answers: a human-readable message. */
public record ErrorBody(String message) {
}
