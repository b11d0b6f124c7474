package org.estimator.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The database chosen at start-up (see {@link DatabaseConfigSourceFactory}) and the one way to use
 * it: {@link #write(TxWork)} runs work in a transaction (on SQLite through the group commit), then
 * its after-commit actions; {@link #read} runs a query outside any transaction.
 *
 * <p>Units of the other kinds are inactive; injecting them directly would fail start-up, so each is
 * reached through an {@link InjectableInstance} and only the active one is resolved.
 *
 * <p>While the last features still use Hibernate ({@link #session()}, {@link #write(Callable)}), a
 * {@link #write(TxWork)} called inside one of their transactions joins it, on its connection.
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
    private static final Object HIBERNATE_TX = "estimator.tx";

    private final DatabaseKind kind;
    private final Session session;
    private final SQLDialect dialect;
    private final Settings settings = new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withRenderSchema(false).withExecuteLogging(false);
    /**
     * SQLite has one writer at a time. Left to itself, every waiting connection sleeps in SQLite's
     * busy handler (backing off up to 100 ms per try), which measured 1.6k writes/s with a p99 of
     * 700 ms under 32 clients; queueing writers here, fairly, hands the lock over without sleeping.
     */
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    private final DataSource dataSource;
    /** SQLite only: other databases take concurrent writers themselves. */
    private final GroupCommit groupCommit;

    Database(@ConfigProperty(name = "estimator.db.kind") String kind,
             @PersistenceUnit("sqlite") InjectableInstance<Session> sqlite,
             @PersistenceUnit("mariadb") InjectableInstance<Session> mariadb,
             @PersistenceUnit("postgresql") InjectableInstance<Session> postgresql,
             @io.quarkus.agroal.DataSource("sqlite") InjectableInstance<AgroalDataSource> sqliteSource,
             @io.quarkus.agroal.DataSource("mariadb") InjectableInstance<AgroalDataSource> mariadbSource,
             @io.quarkus.agroal.DataSource("postgresql") InjectableInstance<AgroalDataSource> postgresqlSource) {
        this.kind = DatabaseKind.valueOf(kind.toUpperCase(Locale.ROOT));
        this.session = switch (this.kind) {
            case SQLITE -> sqlite.getActive();
            case MARIADB -> mariadb.getActive();
            case POSTGRESQL -> postgresql.getActive();
        };
        this.dataSource = switch (this.kind) {
            case SQLITE -> sqliteSource.getActive();
            case MARIADB -> mariadbSource.getActive();
            case POSTGRESQL -> postgresqlSource.getActive();
        };
        this.dialect = this.kind.dialect;
        this.groupCommit = this.kind == DatabaseKind.SQLITE ? new GroupCommit(dataSource, sqliteWriter, this::tx) : null;
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
        if (QuarkusTransaction.isActive()) {
            return inHibernateTransaction(work);
        }
        if (groupCommit != null) {
            return groupCommit.submit(work);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Tx tx = tx(c);
            enter(tx);
            try {
                T result = work.run(tx);
                c.commit();
                leave();
                tx.committed();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                leave();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    /** A read outside any transaction, on a pooled connection (never queued behind SQLite's writer). */
    public <T> T read(Function<DSLContext, T> query) {
        try (Connection c = dataSource.getConnection()) {
            return query.apply(DSL.using(c, dialect, settings));
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    Tx tx(Connection c) {
        return new Tx(DSL.using(c, dialect, settings));
    }

    static void enter(Tx tx) {
        CURRENT.set(tx);
    }

    static void leave() {
        CURRENT.remove();
    }

    /**
     * Transition: the Hibernate transaction's connection, with Hibernate's pending changes flushed
     * first, and the after-commit actions run when JTA reports the commit.
     */
    private <T> T inHibernateTransaction(TxWork<T> work) {
        session.flush();
        TransactionSynchronizationRegistry registry = Arc.container().instance(TransactionSynchronizationRegistry.class).get();
        return session.doReturningWork(c -> {
            Tx tx = (Tx) registry.getResource(HIBERNATE_TX);
            if (tx == null) {
                tx = tx(c);
                registry.putResource(HIBERNATE_TX, tx);
                Tx registered = tx;
                registry.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            registered.committed();
                        }
                    }
                });
            }
            enter(tx);
            try {
                return work.run(tx);
            } finally {
                leave();
            }
        });
    }

    // --- Hibernate, while the last features still use it ---------------------------------------

    /** The connection pool, for the few hot reads that skip Hibernate (see GroupService#exists). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The Hibernate session bound to the current transaction (or request, for reads). */
    public Session session() {
        return session;
    }

    /** Runs {@code work} in a new Hibernate transaction and commits it; exceptions roll it back and propagate. */
    public <T> T write(Callable<T> work) {
        boolean serialize = kind == DatabaseKind.SQLITE && !sqliteWriter.isHeldByCurrentThread();
        if (serialize) {
            sqliteWriter.lock();
        }
        try {
            T result = QuarkusTransaction.requiringNew().call(work);
            // Reads outside transactions use the request's own session; entities it loaded before
            // this write are now stale, and a response built after the write must see the change.
            if (!QuarkusTransaction.isActive() && Arc.container().requestContext().isActive()) {
                session.clear();
            }
            return result;
        } finally {
            if (serialize) {
                sqliteWriter.unlock();
            }
        }
    }

    public void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /** Work on a JDBC connection inside a transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on the connection of the current Hibernate transaction (its changes flushed first). */
    public <T> T jdbc(SqlWork<T> work) {
        session.flush();
        return session.doReturningWork(work::run);
    }

    @PreDestroy
    void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
    }
}
