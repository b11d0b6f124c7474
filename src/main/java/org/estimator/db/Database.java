package org.estimator.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.estimator.config.Settings;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.impl.DSL;

/**
 * The database chosen at start-up (see {@link DatabaseConfigSourceFactory}) and the one way to use
 * it: {@link #write(TxWork)} runs work in a transaction (on SQLite through the group commit), then
 * its after-commit actions; {@link #read} runs a query outside any transaction. Both speak jOOQ in
 * the dialect of the configured URL.
 *
 * <p>The pools of the other kinds are inactive; injecting them directly would fail start-up, so each
 * is reached through an {@link InjectableInstance} and only the active one is resolved.
 */
@ApplicationScoped
public class Database {

    static {
        // jOOQ prints a logo and a tip of the day on first use otherwise.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    /** The write transaction this thread is running, if any (writes inside it join it). */
    private static final ThreadLocal<Tx> CURRENT = new ThreadLocal<>();

    private final DatabaseKind kind;
    private final SQLDialect dialect;
    private final org.jooq.conf.Settings jooq = new org.jooq.conf.Settings()
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withRenderSchema(false).withExecuteLogging(false);
    private final DataSource dataSource;
    /** SQLite only: other databases take concurrent writers themselves. */
    private final GroupCommit groupCommit;

    Database(@io.quarkus.agroal.DataSource("sqlite") InjectableInstance<AgroalDataSource> sqliteSource,
            @io.quarkus.agroal.DataSource("mariadb") InjectableInstance<AgroalDataSource> mariadbSource,
            @io.quarkus.agroal.DataSource("postgresql") InjectableInstance<AgroalDataSource> postgresqlSource,
            Settings settings) {
        String kind = settings.db().kind();
        this.kind = DatabaseKind.valueOf(kind.toUpperCase(Locale.ROOT));
        this.dataSource = switch (this.kind) {
            case SQLITE -> sqliteSource.getActive();
            case MARIADB -> mariadbSource.getActive();
            case POSTGRESQL -> postgresqlSource.getActive();
        };
        this.dialect = this.kind.dialect;
        this.groupCommit = this.kind == DatabaseKind.SQLITE ? new GroupCommit(dataSource, this::tx) : null;
    }

    public DatabaseKind kind() {
        return kind;
    }

    /**
     * Runs {@code work} in a write transaction and commits it, then runs its after-commit actions
     * (such as handing the events it logged to the live streams); an exception rolls it back and
     * propagates. Inside another write it joins that one.
     */
    public <T> T write(TxWork<T> work) {
        Tx current = CURRENT.get();
        if (current != null) {
            return work.run(current);
        }
        if (groupCommit != null) {
            return groupCommit.submit(work);
        }
        Tx tx;
        T result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            tx = tx(c);
            enter(tx);
            try {
                result = work.run(tx);
                tx.finish();
                c.commit();
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                leave();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
        tx.committed();
        return result;
    }

    /**
     * {@link #write} for a caller on an event loop, which must not wait: {@code check} (reads that decide
     * whether the write may run, such as who the caller is) and then {@code work} with its answer. On
     * SQLite both run on the group commit's thread, in the write's transaction (its one writer sees the
     * latest state there); elsewhere on a worker, the check outside the transaction, since a
     * transaction's first read fixes what MariaDB's later reads see, and that must come after the
     * group's lock. The answer comes back on the caller's event loop, where its response is written, and
     * fails with the exception the check or the work threw (unwrapped). The after-commit actions run on
     * the event loop before it on SQLite (no worker thread in between), on the worker elsewhere.
     */
    public <C, T> CompletionStage<T> writeAsync(Supplier<C> check, BiFunction<Tx, C, T> work) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("writeAsync is for event loops; elsewhere, write");
        }
        if (groupCommit != null) {
            return groupCommit.submitAsync(tx -> work.apply(tx, check.get()),
                    task -> context.runOnContext(v -> task.run()));
        }
        return context.executeBlocking(() -> {
            C checked = check.get();
            return write(tx -> work.apply(tx, checked));
        }, false).toCompletionStage();
    }

    /** A read outside any transaction, on a pooled connection (never queued behind SQLite's writer). */
    public <T> T read(Function<DSLContext, T> query) {
        Tx current = CURRENT.get();
        if (current != null) {
            return query.apply(current.dsl()); // inside a write: see what it wrote
        }
        try (Connection c = dataSource.getConnection()) {
            return query.apply(DSL.using(c, dialect, jooq));
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }

    Tx tx(Connection c) {
        return new Tx(DSL.using(c, dialect, jooq));
    }

    static void enter(Tx tx) {
        CURRENT.set(tx);
    }

    static void leave() {
        CURRENT.remove();
    }

    @PreDestroy
    void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
    }
}
