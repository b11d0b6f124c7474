package org.estimator.db;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Activates the datasource of the database the operator named.
 *
 * <p>A datasource's kind (its JDBC driver) is fixed when Quarkus builds, so the jar carries one
 * named datasource per kind, all inactive but the one chosen here at start-up; jOOQ's dialect follows
 * the same choice (see {@link Database}).
 * The source sits at ordinal 275: above application.properties, below environment variables and
 * {@code -D} options, which can still override a single value.
 *
 * <p>It is an {@link EnvConfigSource} on purpose: Quarkus records the values of ordinary config
 * sources seen during {@code mvn package} into the jar as defaults, which would freeze the build
 * machine's database (and password) into the artifact. Environment-like sources are left out of
 * that recording.
 */
public final class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        DatabaseSettings settings = DatabaseSettings.resolve(name -> lookup(context, name), defaultFile(context));
        return List.of(new EnvConfigSource(properties(settings), ORDINAL) {

            @Override
            public String getName() {
                return "EstimatorDatabaseSettings";
            }
        });
    }

    static Map<String, String> properties(DatabaseSettings settings) {
        Map<String, String> p = new HashMap<>();
        p.put("estimator.db.kind", settings.kind().unit);
        for (DatabaseKind kind : DatabaseKind.values()) {
            String active = Boolean.toString(kind == settings.kind());
            p.put("quarkus.datasource.\"" + kind.unit + "\".active", active);
        }
        String prefix = "quarkus.datasource.\"" + settings.kind().unit + "\".";
        p.put(prefix + "jdbc.url", settings.url());
        if (settings.user() != null) {
            p.put(prefix + "username", settings.user());
        }
        if (settings.password() != null) {
            p.put(prefix + "password", settings.password());
        }
        String file = settings.sqliteFile();
        if (file != null && !file.isBlank() && !file.startsWith(":memory:")) {
            // SQLite creates the file but not its folder; data/ must exist before the pool opens.
            File parent = new File(file).getAbsoluteFile().getParentFile();
            if (parent != null) {
                parent.mkdirs();
            }
        }
        return p;
    }

    private static String lookup(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    private static String defaultFile(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        return profiles.contains("test")
                ? "target/estimator-test.sqlite"
                : profiles.contains("dev") ? "data/estimator-dev.sqlite" : "data/estimator.sqlite";
    }
}
