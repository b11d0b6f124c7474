package org.estimator.db;

/** A database failure outside jOOQ's own (a connection that could not be had, a commit that failed). */
public final class DatabaseException extends RuntimeException {

    DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
