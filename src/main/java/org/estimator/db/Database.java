package org.estimator.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * The persistence unit of the database chosen at start-up (see {@link DatabaseConfigSourceFactory}),
 * and the one way to run a write transaction.
 *
 * <p>Units of the other kinds are inactive; injecting them directly would fail start-up, so each is
 * reached through an {@link InjectableInstance} and only the active one is resolved.
 */
@ApplicationScoped
public class Database {

    private final DatabaseKind kind;
    private final Session session;
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
        this.groupCommit = this.kind == DatabaseKind.SQLITE ? new GroupCommit(dataSource, sqliteWriter) : null;
    }

    /** The connection pool, for the few hot reads that skip Hibernate (see GroupService#exists). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The Hibernate session bound to the current transaction (or request, for reads). */
    public Session session() {
        return session;
    }

    public DatabaseKind kind() {
        return kind;
    }

    /** Runs {@code work} in a new transaction and commits it; exceptions roll it back and propagate. */
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

    /** Work on a JDBC connection inside a transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on one pooled connection in a local transaction, without Hibernate: for the
     * hottest writes (the seed's group creation), where a Hibernate session and JTA cost most of
     * the time (measured in bench/RESULTS.md). On SQLite the writes waiting at the same moment are
     * committed together ({@link GroupCommit}). SQL errors propagate as {@link PersistenceException}.
     */
    public <T> T writeJdbc(SqlWork<T> work) {
        if (groupCommit != null) {
            return groupCommit.submit(work);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    /**
     * A read on a pooled connection outside any transaction, in plain JDBC: for jobs and streams,
     * which have no request, and which must not queue behind SQLite's writer for a read.
     */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    /** Runs {@code work} on the connection of the current transaction (with Hibernate's changes flushed first). */
    public <T> T jdbc(SqlWork<T> work) {
        session.flush();
        return session.doReturningWork(work::run);
    }

    /** Somewhere to run JDBC work: the current Hibernate transaction ({@link #jdbc}) or a given connection. */
    @FunctionalInterface
    public interface Jdbc {
        <T> T run(SqlWork<T> work);
    }

    /** JDBC work on a connection a {@link #writeJdbc} transaction holds. */
    public record OnConnection(Connection connection) implements Jdbc {
        @Override
        public <T> T run(SqlWork<T> work) {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        }
    }

    @PreDestroy
    void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
    }

    public void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }
}
