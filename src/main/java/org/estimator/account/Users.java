package org.estimator.account;

import jakarta.enterprise.context.ApplicationScoped;
import org.estimator.db.Database;

/** Looks up accounts. */
@ApplicationScoped
public class Users {

    private final Database db;

    Users(Database db) {
        this.db = db;
    }

    /** The built-in owner of groups created without an account (inserted by the first migration). */
    public User system() {
        return db.session().createSelectionQuery("from User where kind = :kind order by id", User.class)
                .setParameter("kind", User.Kind.SYSTEM)
                .setMaxResults(1)
                .getSingleResult();
    }
}
