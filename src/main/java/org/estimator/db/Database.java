package org.estimator.db;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.hibernate.orm.PersistenceUnit;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * The persistence unit of the database chosen at start-up (see {@link DatabaseConfigSourceFactory}).
 *
 * <p>Units of the other kinds are inactive; injecting them directly would fail start-up, so each is
 * reached through an {@link InjectableInstance} and only the active one is resolved.
 */
@ApplicationScoped
public class Database {

    private final DatabaseKind kind;
    private final Session session;

    Database(@ConfigProperty(name = "estimator.db.kind") String kind,
             @PersistenceUnit("sqlite") InjectableInstance<Session> sqlite,
             @PersistenceUnit("mariadb") InjectableInstance<Session> mariadb,
             @PersistenceUnit("postgresql") InjectableInstance<Session> postgresql) {
        this.kind = DatabaseKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
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
}
