package org.estimator.db;

/** The databases one jar runs on; each has its own named datasource and persistence unit. */
public enum DatabaseKind {
    SQLITE("sqlite", "jdbc:sqlite:"),
    MARIADB("mariadb", "jdbc:mariadb:", "jdbc:mysql:"),
    POSTGRESQL("postgresql", "jdbc:postgresql:");

    /** The name of the datasource, persistence unit and Flyway configuration for this kind. */
    public final String unit;
    private final String[] schemes;

    DatabaseKind(String unit, String... schemes) {
        this.unit = unit;
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
