package org.estimator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static DatabaseSettings resolve(Map<String, String> env) {
        return DatabaseSettings.resolve(env::get, "data/estimator.sqlite");
    }

    @Test
    void nothingSetMeansTheEmbeddedSqliteFile() {
        DatabaseSettings s = resolve(Map.of());
        assertThat(s.kind()).isEqualTo(DatabaseKind.SQLITE);
        assertThat(s.url()).isEqualTo("jdbc:sqlite:data/estimator.sqlite");
        assertThat(s.sqliteFile()).isEqualTo("data/estimator.sqlite");
    }

    @Test
    void theUrlSchemePicksTheDatabase() {
        assertThat(resolve(Map.of("ESTIMATOR_DB_URL", "jdbc:postgresql://h/db")).kind())
                .isEqualTo(DatabaseKind.POSTGRESQL);
        assertThat(resolve(Map.of("ESTIMATOR_DB_URL", "jdbc:mariadb://h/db")).kind()).isEqualTo(DatabaseKind.MARIADB);
        assertThat(resolve(Map.of("ESTIMATOR_DB_URL", "jdbc:sqlite:/var/lib/e.sqlite")).sqliteFile())
                .isEqualTo("/var/lib/e.sqlite");
    }

    @Test
    void mysqlUrlsAreServedByTheMariaDbDriver() {
        DatabaseSettings s = resolve(
                Map.of("ESTIMATOR_DB_URL", "jdbc:mysql://h:3306/db?useSSL=false", "ESTIMATOR_DB_USER", "u"));
        assertThat(s.kind()).isEqualTo(DatabaseKind.MARIADB);
        assertThat(s.url()).isEqualTo("jdbc:mariadb://h:3306/db?useSSL=false");
        assertThat(s.user()).isEqualTo("u");
    }

    @Test
    void theOriginalsMySqlVariablesBuildAMariaDbUrl() {
        DatabaseSettings s = resolve(Map.of("ESTIMATOR_DB_HOST", "db:3307", "ESTIMATOR_DATABASE", "estimator",
                "ESTIMATOR_USER", "est", "ESTIMATOR_PASSWORD", "pw"));
        assertThat(s)
                .isEqualTo(new DatabaseSettings(DatabaseKind.MARIADB, "jdbc:mariadb://db:3307/estimator", "est", "pw"));
    }

    @Test
    void conflictingSettingsAreRefused() {
        assertThatThrownBy(
                () -> resolve(Map.of("ESTIMATOR_DB_URL", "jdbc:postgresql://h/db", "ESTIMATOR_DB_HOST", "h")))
                .hasMessageContaining("both set");
        assertThatThrownBy(() -> resolve(Map.of("ESTIMATOR_DB_URL", "jdbc:postgresql://h/db",
                "ESTIMATOR_DB_USER", "a", "ESTIMATOR_USER", "b")))
                .hasMessageContaining("ESTIMATOR_DB_USER and ESTIMATOR_USER are both set and differ");
        assertThatThrownBy(() -> resolve(Map.of("ESTIMATOR_DB_URL", "jdbc:sqlite:x.db", "ESTIMATOR_DB_USER", "a")))
                .hasMessageContaining("SQLite, which takes no user");
        assertThatThrownBy(() -> resolve(Map.of("ESTIMATOR_DB_HOST", "h", "ESTIMATOR_DATABASE", "x; drop")))
                .hasMessageContaining("not a plain database name");
        assertThatThrownBy(() -> resolve(Map.of("ESTIMATOR_DB_URL", "jdbc:sqlite:")))
                .hasMessageContaining("names no file");
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(resolve(Map.of("ESTIMATOR_DB_URL", "  ", "ESTIMATOR_DB_HOST", "")).kind())
                .isEqualTo(DatabaseKind.SQLITE);
    }
}
