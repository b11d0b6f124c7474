package org.estimator.db;

import java.util.function.Function;

/**
 * The database an instance runs on, derived from the operator's settings.
 *
 * <p>One place decides it for both the start-up check in {@code Main} (which prints the one-line
 * error) and the config source that activates the matching datasource, so the two cannot disagree.
 * Operators set one URL (or the original's MySQL variables); the scheme picks the database.
 */
public record DatabaseSettings(DatabaseKind kind, String url, String user, String password) {

    /** Thrown for an incomplete or inconsistent setting; the message is the one line shown to the operator. */
    public static final class InvalidSetting extends RuntimeException {

        InvalidSetting(String message) {
            super(message);
        }
    }

    /**
     * @param env looks up a setting by its environment name (null or blank when unset)
     * @param defaultSqliteFile the embedded database used when nothing names another one
     */
    public static DatabaseSettings resolve(Function<String, String> env, String defaultSqliteFile) {
        String url = value(env, "ESTIMATOR_DB_URL");
        String host = value(env, "ESTIMATOR_DB_HOST");
        String database = value(env, "ESTIMATOR_DATABASE");
        String user = oneOf(env, "ESTIMATOR_DB_USER", "ESTIMATOR_USER");
        String password = oneOf(env, "ESTIMATOR_DB_PASSWORD", "ESTIMATOR_PASSWORD");

        if (url != null && (host != null || database != null)) {
            throw new InvalidSetting(
                    "ESTIMATOR_DB_URL and ESTIMATOR_DB_HOST/ESTIMATOR_DATABASE are both set: set only one of them");
        }
        if (url == null && (host != null || database != null)) {
            if (host == null) {
                throw new InvalidSetting(
                        "ESTIMATOR_DATABASE is set but ESTIMATOR_DB_HOST is not: name the MySQL/MariaDB server (host or host:port)");
            }
            if (database == null) {
                throw new InvalidSetting(
                        "ESTIMATOR_DB_HOST is set but ESTIMATOR_DATABASE is not: name the database on " + host);
            }
            if (!host.matches("[A-Za-z0-9._\\-\\[\\]:]+")) {
                throw new InvalidSetting("ESTIMATOR_DB_HOST '" + host + "' is not a host or host:port");
            }
            if (!database.matches("[A-Za-z0-9_$]+")) {
                throw new InvalidSetting(
                        "ESTIMATOR_DATABASE '" + database + "' is not a plain database name (letters, digits, _ or $)");
            }
            return new DatabaseSettings(DatabaseKind.MARIADB, "jdbc:mariadb://" + host + "/" + database, user,
                    password);
        }
        if (url == null) {
            if (user != null || password != null) {
                throw new InvalidSetting(
                        "a database user or password is set but no database: set ESTIMATOR_DB_URL (or ESTIMATOR_DB_HOST and ESTIMATOR_DATABASE)");
            }
            return new DatabaseSettings(DatabaseKind.SQLITE, "jdbc:sqlite:" + defaultSqliteFile, null, null);
        }
        DatabaseKind kind = DatabaseKind.ofUrl(url);
        if (kind == null) {
            String scheme = url.length() > 40 ? url.substring(0, 40) + "..." : url;
            int colon = url.indexOf(':', url.startsWith("jdbc:") ? 5 : 0);
            if (colon > 0) {
                scheme = url.substring(0, colon + 1);
            }
            throw new InvalidSetting("ESTIMATOR_DB_URL has an unsupported scheme '" + scheme
                    + "': use jdbc:sqlite:, jdbc:mariadb:, jdbc:mysql: or jdbc:postgresql:");
        }
        if (kind == DatabaseKind.SQLITE) {
            if (user != null || password != null) {
                throw new InvalidSetting(
                        "ESTIMATOR_DB_URL names SQLite, which takes no user or password: unset ESTIMATOR_DB_USER/ESTIMATOR_DB_PASSWORD");
            }
            if (url.length() <= "jdbc:sqlite:".length()) {
                throw new InvalidSetting(
                        "ESTIMATOR_DB_URL 'jdbc:sqlite:' names no file: use jdbc:sqlite:/path/to/estimator.sqlite");
            }
        } else if (url.replaceFirst("^jdbc:[a-z]+:", "").replaceFirst("^//[^/]*", "").replace("/", "").isBlank()) {
            throw new InvalidSetting(
                    "ESTIMATOR_DB_URL '" + url + "' names no database: add /<database> after the host");
        }
        // The MariaDB driver serves MySQL servers too but refuses the jdbc:mysql: scheme.
        String jdbcUrl = url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        return new DatabaseSettings(kind, jdbcUrl, user, password);
    }

    private static String value(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String oneOf(Function<String, String> env, String name, String legacyName) {
        String v = value(env, name);
        String legacy = value(env, legacyName);
        if (v != null && legacy != null && !v.equals(legacy)) {
            throw new InvalidSetting(name + " and " + legacyName + " are both set and differ: set only one of them");
        }
        return v != null ? v : legacy;
    }

    /** The file of an SQLite URL, for creating its folder; null for other databases. */
    public String sqliteFile() {
        if (kind != DatabaseKind.SQLITE) {
            return null;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        if (rest.startsWith("file:")) {
            rest = rest.substring(5);
        }
        int query = rest.indexOf('?');
        return query >= 0 ? rest.substring(0, query) : rest;
    }
}
