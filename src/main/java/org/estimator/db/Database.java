package org.estimator.db;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
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

    Database(@ConfigProperty(name = "estimator.db.kind") String kind,
             @PersistenceUnit("sqlite") InjectableInstance<Session> sqlite,
             @PersistenceUnit("mariadb") InjectableInstance<Session> mariadb,
             @PersistenceUnit("postgresql") InjectableInstance<Session> postgresql) {
        this.kind = DatabaseKind.valueOf(kind.toUpperCase(Locale.ROOT));
        this.session = switch (this.kind) {
            case SQLITE -> sqlite.getActive();
            case MARIADB -> mariadb.getActive();
            case POSTGRESQL -> postgresql.getActive();
        };
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

    public void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }
}
