package org.estimator.db;

/** Work inside a write transaction; its result is the write's result. */
@FunctionalInterface
public interface TxWork<T> {

    T run(Tx tx);
}
