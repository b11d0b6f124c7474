package org.estimator.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Recognises a database that cannot be reached (down, restarting, pool exhausted by an outage). */
public final class Failures {

    private Failures() {
    }

    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // SQLState class 08 is "connection exception"; 57P01-57P03 are PostgreSQL's
                // "terminating connection due to administrator command", "crash shutdown" and
                // "cannot connect now" (shutting down or starting up); 70100 is MariaDB's "connection
                // was killed". Agroal's own timeout has no state.
                if ((state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("70100")))
                        || (sql.getMessage() != null && sql.getMessage().contains("acquisition timeout"))) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
