package org.estimator.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose answer holds a new secret (a session or API token, a stream ticket,
 * an invitation code). Such an answer is never kept for replay: {@link Idempotency} refuses the
 * {@code Idempotency-Key} header on it, decided on the matched method, not on how its path was spelt.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SecretAnswer {
}
