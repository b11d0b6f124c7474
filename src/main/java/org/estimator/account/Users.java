package org.estimator.account;

import jakarta.enterprise.context.ApplicationScoped;
import org.estimator.db.Database;

/** Looks up accounts. */
@ApplicationScoped
public class Users {

    private final Database db;
    private volatile Long systemId;

    Users(Database db) {
        this.db = db;
    }

    /** The id of the built-in owner of groups created without an account (inserted by the first migration). */
    public long systemId() {
        Long id = systemId;
        if (id == null) {
            id = db.session().createSelectionQuery("select id from User where kind = :kind order by id", Long.class)
                    .setParameter("kind", User.Kind.SYSTEM)
                    .setMaxResults(1)
                    .getSingleResult();
            systemId = id;
        }
        return id;
    }
}
