package org.estimator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import org.estimator.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The production mode as an operator meets it: one jar, no settings needed, clear refusals. */
class ProductionJarIT {

    @TempDir
    Path dir;

    @Test
    void withNoSettingsItRunsOnTheEmbeddedSqliteFileAndDataSurvivesARestart() throws Exception {
        String name = "Survivor-" + UUID.randomUUID();
        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            assertThat(jar.request("POST", "/rest/v1/group/" + name).statusCode()).isEqualTo(201);
            assertThat(jar.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
        assertThat(dir.resolve("data/estimator.sqlite")).exists();
        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            var read = jar.request("GET", "/rest/v1/group/" + name);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("{\"groupname\":\"" + name + "\"}");
            // The pages work from the jar (templates and scripts are packaged), and production's cookies are Secure.
            var home = jar.request("GET", "/");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("<script type=\"module\" src=\"/static/app.js\">");
            assertThat(home.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c)
                    .startsWith("__Host-estimator_csrf=").containsIgnoringCase("Secure")
                    .containsIgnoringCase("HttpOnly"));
            assertThat(jar.request("GET", "/static/app.js").statusCode()).isEqualTo(200);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/estimator.sqlite"));
                ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ESTIMATOR_DB_URL=jdbc:oracle:thin:@db:1521/x | ESTIMATOR_DB_URL has an unsupported scheme 'jdbc:oracle:'",
            "ESTIMATOR_DB_URL=postgres://db/x | ESTIMATOR_DB_URL has an unsupported scheme",
            "ESTIMATOR_DB_HOST=db.example | ESTIMATOR_DB_HOST is set but ESTIMATOR_DATABASE is not",
            "ESTIMATOR_DATABASE=estimator | ESTIMATOR_DATABASE is set but ESTIMATOR_DB_HOST is not",
            "ESTIMATOR_DB_URL=jdbc:mariadb://db/ | names no database",
            "ESTIMATOR_DB_PASSWORD=secret | a database user or password is set but no database",
            "ESTIMATOR_TRUSTED_PROXIES=nginx.internal | ESTIMATOR_TRUSTED_PROXIES: 'nginx.internal' is not an IP address or CIDR range",
            "ESTIMATOR_TRUSTED_PROXIES=10.0.0.0/40 | ESTIMATOR_TRUSTED_PROXIES: '10.0.0.0/40' has an invalid prefix length",
            "ESTIMATOR_PUBLIC_URL=estimator.example.com | ESTIMATOR_PUBLIC_URL 'estimator.example.com' is not an http(s) URL",
            "ESTIMATOR_LIMIT_JOINS_PER_CLIENT=many | ESTIMATOR_LIMIT_JOINS_PER_CLIENT 'many' is not a whole number",
            "ESTIMATOR_EVENTS_HEARTBEAT=often | ESTIMATOR_EVENTS_HEARTBEAT 'often' is not a duration like 30s, 15m, 12h or 30d",
            "ESTIMATOR_GUESTS=maybe | ESTIMATOR_GUESTS 'maybe' is not true or false",
    })
    void anIncompleteOrInconsistentSettingStopsStartUpWithOneLineNamingIt(String setting, String expected)
            throws Exception {
        String[] kv = setting.split("=", 2);
        JarProcess.Finished result = JarProcess.run(dir, Map.of(kv[0], kv[1]));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output().strip().lines()).hasSize(1);
        assertThat(result.output()).startsWith("estimator: ").contains(expected);
        assertThat(result.output()).doesNotContain("secret");
    }

    @Test
    void dbMigrateCreatesTheSchemaAndExitsWithoutServing() throws Exception {
        JarProcess.Finished result = JarProcess.run(dir, Map.of(), "db", "migrate");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("database migrated").doesNotContain("Listening on: http");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/estimator.sqlite"));
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                + "('app_user', 'estimation_group', 'membership', 'invitation', 'auth_token', 'issue', 'estimate')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void purgeFromTheCommandLineCountsWithDryRunThenRemoves() throws Exception {
        String old = "Old-" + UUID.randomUUID();
        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            assertThat(jar.request("POST", "/rest/v1/group/" + old).statusCode()).isEqualTo(201);
            assertThat(jar.request("POST", "/rest/v1/group/Recent").statusCode()).isEqualTo(201);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/estimator.sqlite"))) {
            c.createStatement()
                    .executeUpdate("UPDATE estimation_group SET last_activity_at = 1 WHERE name = '" + old + "'");
        }

        JarProcess.Finished dry = JarProcess.run(dir, Map.of(), "purge", "--older-than", "30d", "--dry-run");
        assertThat(dry.exitCode()).as(dry.output()).isZero();
        assertThat(dry.output()).contains("estimator: would remove 1 groups");
        JarProcess.Finished real = JarProcess.run(dir, Map.of(), "purge", "--older-than", "30d");
        assertThat(real.output()).contains("estimator: removed 1 groups");

        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            assertThat(jar.request("GET", "/rest/v1/group/" + old).statusCode()).isEqualTo(404);
            assertThat(jar.request("GET", "/rest/v1/group/Recent").statusCode()).isEqualTo(200);
        }
        JarProcess.Finished bad = JarProcess.run(dir, Map.of(), "purge", "--older-than", "soon");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output().strip()).isEqualTo("estimator: --older-than 'soon' is not an age like 30d, 12h or 90m");
    }

    @Test
    void helpListsCommandsAndSettings() throws Exception {
        JarProcess.Finished result = JarProcess.run(dir, Map.of(), "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("db migrate", "ESTIMATOR_DB_URL", "ESTIMATOR_PORT");

        JarProcess.Finished unknown = JarProcess.run(dir, Map.of(), "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output().strip()).isEqualTo("estimator: unknown command 'frobnicate' (try --help)");
    }

    @Test
    void theSameJarRunsOnMariaDbThroughTheOriginalsMySqlVariables() throws Exception {
        assertRunsOn(Map.of("ESTIMATOR_DB_HOST", "127.0.0.1:3306", "ESTIMATOR_DATABASE", "estimator_test",
                "ESTIMATOR_USER", "estimator", "ESTIMATOR_PASSWORD", "estimator"));
    }

    @Test
    void theSameJarRunsOnMySqlSchemeUrls() throws Exception {
        assertRunsOn(Map.of("ESTIMATOR_DB_URL", "jdbc:mysql://127.0.0.1:3306/estimator_test",
                "ESTIMATOR_DB_USER", "estimator", "ESTIMATOR_DB_PASSWORD", "estimator"));
    }

    @Test
    void theSameJarRunsOnPostgresql() throws Exception {
        assertRunsOn(Map.of("ESTIMATOR_DB_URL", "jdbc:postgresql://127.0.0.1:5432/estimator_test",
                "ESTIMATOR_DB_USER", "estimator", "ESTIMATOR_DB_PASSWORD", "estimator"));
    }

    private void assertRunsOn(Map<String, String> env) throws Exception {
        String name = "Jar-" + UUID.randomUUID();
        try (JarProcess jar = JarProcess.start(dir, env).awaitReady()) {
            assertThat(jar.request("POST", "/rest/v1/group/" + name).statusCode()).isEqualTo(201);
            assertThat(jar.request("GET", "/rest/v1/group/" + name).body()).contains(name);
        }
        assertThat(Files.exists(dir.resolve("data/estimator.sqlite")))
                .as("no SQLite file when another database is named").isFalse();
    }
}
