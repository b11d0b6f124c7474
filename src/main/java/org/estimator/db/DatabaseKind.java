package org.estimator.db;

import org.jooq.SQLDialect;

/** The databases one jar runs on; each has its own named datasource. */
public enum DatabaseKind {

    SQLITE("sqlite", SQLDialect.SQLITE, "jdbc:sqlite:"), MARIADB("mariadb", SQLDialect.MARIADB, "jdbc:mariadb:",
            "jdbc:mysql:"), POSTGRESQL("postgresql", SQLDialect.POSTGRES, "jdbc:postgresql:");

    /** The name of the datasource and Flyway configuration for this kind. */
    public final String unit;
    /** How jOOQ writes SQL for it. */
    final SQLDialect dialect;
    private final String[] schemes;

    DatabaseKind(String unit, SQLDialect dialect, String... schemes) {
        this.unit = unit;
        this.dialect = dialect;
        this.schemes = schemes;
    }

    static DatabaseKind ofUrl(String url) {
        for (DatabaseKind kind : values()) {
            for (String scheme : kind.schemes) {
                if (url.startsWith(scheme)) {
                    return kind;
                }
            }
        }
        return null;
    }
}
