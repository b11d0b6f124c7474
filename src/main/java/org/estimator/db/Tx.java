package org.estimator.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jooq.DSLContext;

/**
 * One write transaction: its jOOQ context (on the transaction's connection), what is to happen once
 * it has committed, and the resources it holds (a group's event log, opened once per transaction).
 * Work never commits or rolls back itself: {@link Database#write} does, and runs the after-commit
 * actions only when the commit succeeded.
 */
public final class Tx {

    private final DSLContext dsl;
    private final List<Runnable> beforeCommit = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final Map<Object, Object> resources = new HashMap<>();

    Tx(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Runs {@code action} in the transaction once its work is done, before the commit (a failure
     * rolls the whole work back): the last statement of what the work did, written once.
     */
    public void beforeCommit(Runnable action) {
        beforeCommit.add(action);
    }

    /** Runs {@code action} after the commit (never after a rollback), in the order registered. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** The transaction's resource under {@code key}, created on first use. */
    @SuppressWarnings("unchecked")
    public <T> T resource(Object key, Supplier<T> create) {
        return (T) resources.computeIfAbsent(key, k -> create.get());
    }

    /** The work is done: runs the before-commit actions (in the transaction, in the order registered). */
    void finish() {
        // An action may register another (indexed loop, no iterator to break).
        for (int i = 0; i < beforeCommit.size(); i++) {
            beforeCommit.get(i).run();
        }
    }

    /** Runs the after-commit actions; one that fails is logged, the others still run (the write is committed). */
    void committed() {
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                org.jboss.logging.Logger.getLogger(Tx.class)
                        .warnf("An after-commit action failed (the write committed): %s", e.toString());
            }
        }
    }
}
