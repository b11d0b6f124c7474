package org.estimator.db;

import java.sql.SQLException;

/** Recognises a unique-key violation, the way races between concurrent requests are decided. */
public final class Constraints {

    private Constraints() {
    }

    public static boolean isViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.jooq.exception.IntegrityConstraintViolationException) {
                return true;
            }
            // SQLState class 23 is "integrity constraint violation" on MariaDB and PostgreSQL.
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
            // SQLite reports no SQLState; its primary result code 19 is SQLITE_CONSTRAINT.
            if (t instanceof org.sqlite.SQLiteException sqlite && (sqlite.getErrorCode() & 0xff) == 19) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
