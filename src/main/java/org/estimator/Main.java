package org.estimator;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.estimator.config.OidcConfigSourceFactory;
import org.estimator.config.SettingsCheck;
import org.estimator.db.DatabaseSettings;
import org.estimator.ops.Purge;
import org.estimator.tracker.TrackerSettings;
import org.estimator.web.Clients;
import org.estimator.web.TrustedProxies;

/**
 * The command line: {@code java -jar estimator.jar [serve | db migrate | --help]}.
 *
 * <p>Settings are checked here, before Quarkus starts, so that a wrong one stops start-up with one
 * line naming it instead of a stack trace.
 */
@QuarkusMain
public class Main {

    static final String USAGE = """
            Usage: java -jar estimator.jar [command]

            Commands:
              serve         run the service (the default)
              db migrate    migrate the configured database to the current schema, then exit
              purge --older-than AGE [--dry-run]
                            delete groups without activity for AGE (e.g. 30d, 12h) with all
                            their rows, and estimates older than ESTIMATOR_RETENTION_ESTIMATES;
                            --dry-run only counts them
              --help        show this help

            Settings (environment variables; every one is optional):
              ESTIMATOR_DB_URL         jdbc:sqlite:FILE | jdbc:mariadb://HOST[:PORT]/DB |
                                       jdbc:mysql://HOST[:PORT]/DB | jdbc:postgresql://HOST[:PORT]/DB
                                       (default: jdbc:sqlite:data/estimator.sqlite)
              ESTIMATOR_DB_USER        database user
              ESTIMATOR_DB_PASSWORD    database password
              ESTIMATOR_DB_HOST, ESTIMATOR_DATABASE, ESTIMATOR_USER, ESTIMATOR_PASSWORD
                                       the original's MySQL settings (instead of ESTIMATOR_DB_URL)
              ESTIMATOR_DB_MIGRATE_AT_START  migrate when the service starts (default: true)
              ESTIMATOR_BIND           address to listen on (default: 0.0.0.0)
              ESTIMATOR_PORT           port to listen on (default: 8080)
              ESTIMATOR_TRUSTED_PROXIES  proxies whose X-Forwarded-* headers count (addresses or CIDRs)
              ESTIMATOR_PUBLIC_URL     the address people reach the service at (for links)
              ESTIMATOR_MANAGEMENT_PORT  health and metrics (default: 9000, on 127.0.0.1)
            The README lists every setting.
            """;

    public static void main(String... args) {
        List<String> command = Arrays.asList(args);
        boolean migrate = command.equals(List.of("db", "migrate"));
        boolean purge = !command.isEmpty() && command.get(0).equals("purge");
        if (command.contains("--help") || command.contains("-h") || command.equals(List.of("help"))) {
            System.out.print(USAGE);
            return;
        }
        if (purge) {
            try {
                Purge.parse(command.subList(1, command.size()));
            } catch (IllegalArgumentException e) {
                fail(System.err, e.getMessage());
                return;
            }
        }
        if (!command.isEmpty() && !command.equals(List.of("serve")) && !migrate && !purge) {
            fail(System.err, "unknown command '" + String.join(" ", args) + "' (try --help)");
            return;
        }
        try {
            DatabaseSettings.resolve(Main::setting, "data/estimator.sqlite");
            SettingsCheck.check(Main::setting);
            TrustedProxies.parse(setting("ESTIMATOR_TRUSTED_PROXIES"));
            TrackerSettings.check(setting("ESTIMATOR_SECRET_KEY"), setting("ESTIMATOR_INTEGRATIONS_ALLOWED_HOSTS"));
            OidcConfigSourceFactory.check(Main::setting);
            String publicUrl = setting("ESTIMATOR_PUBLIC_URL");
            if (publicUrl != null && !publicUrl.isBlank()) {
                Clients.checkPublicUrl(publicUrl.strip());
            }
        } catch (DatabaseSettings.InvalidSetting | IllegalArgumentException e) {
            fail(System.err, e.getMessage());
            return;
        }
        if (migrate || purge) {
            // One-shot commands open no HTTP port: a running instance may hold it.
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("estimator.db.migrate-at-start", "true");
        }
        Quarkus.run(Service.class, args);
    }

    private static String setting(String name) {
        String value = System.getenv(name);
        return value != null ? value : System.getProperty(name);
    }

    private static void fail(PrintStream err, String message) {
        err.println("estimator: " + message);
        System.exit(2);
    }

    /** Runs until stopped, or returns at once after start-up for {@code db migrate}. */
    public static class Service implements QuarkusApplication {

        @Override
        public int run(String... args) {
            if (args.length > 0 && args[0].equals("db")) {
                System.out.println("estimator: database migrated");
                return 0;
            }
            if (args.length > 0 && args[0].equals("purge")) {
                Purge purge = Purge.parse(Arrays.asList(args).subList(1, args.length));
                System.out.println("estimator: " + purge.run());
                return 0;
            }
            Quarkus.waitForExit();
            return 0;
        }
    }
}
