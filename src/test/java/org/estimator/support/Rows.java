package org.estimator.support;

import org.estimator.db.Database;

/** Counts rows straight in the database, to check what the API did beneath its answers. */
public final class Rows {

    private Rows() {
    }

    /** The number of rows of {@code table} whose {@code column} equals {@code value}. */
    public static long count(Database db, String table, String column, Object value) {
        return db.session().createNativeQuery("select count(*) from " + table + " where " + column + " = :v", Long.class)
                .setParameter("v", value).getSingleResult();
    }
}
