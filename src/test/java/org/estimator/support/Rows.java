package org.estimator.support;

import org.estimator.db.Database;

/** Reads and changes rows straight in the database, to check (or arrange) what lies beneath the API. */
public final class Rows {

    private Rows() {
    }

    /** The number of rows of {@code table} whose {@code column} equals {@code value}. */
    public static long count(Database db, String table, String column, Object value) {
        return value(db, Long.class, "select count(*) from " + table + " where " + column + " = ?", value);
    }

    /** The first column of the first row of a query with {@code ?} placeholders, or null. */
    public static <T> T value(Database db, Class<T> type, String sql, Object... bindings) {
        return db.read(q -> q.resultQuery(sql, bindings).fetchOne(0, type));
    }

    /** Runs a statement with {@code ?} placeholders in a write transaction; returns the rows changed. */
    public static int update(Database db, String sql, Object... bindings) {
        return db.write(tx -> tx.dsl().execute(sql, bindings));
    }
}
