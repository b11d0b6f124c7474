package org.estimator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's settings table, application.properties and the {@link Settings} mapping list the same settings. */
class SettingsTableTest {

    /** Read by db.DatabaseSettings itself (one URL, or the original's MySQL variables), not through a property. */
    private static final Set<String> DATABASE = Set.of("ESTIMATOR_DB_URL", "ESTIMATOR_DB_USER", "ESTIMATOR_DB_PASSWORD",
            "ESTIMATOR_DB_HOST", "ESTIMATOR_DATABASE", "ESTIMATOR_USER", "ESTIMATOR_PASSWORD");
    private static final Pattern BOUND = Pattern
            .compile("^(%[a-z]+\\.)?([\\w.\"-]+)=\\$\\{(ESTIMATOR_[A-Z0-9_]+):([^}]*)}$");
    private static final Pattern ROW = Pattern.compile("^\\| (`ESTIMATOR_[^|]+) \\| ([^|]+) \\|");

    @Test
    void theReadmeTableAndTheApplicationPropertiesAgreeOnEverySettingAndDefault() throws IOException {
        Map<String, String> defaults = new TreeMap<>();
        Map<String, String> production = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            Matcher m = BOUND.matcher(line.strip());
            if (m.matches()) {
                (m.group(1) == null ? defaults : production).put(m.group(3), m.group(4));
            }
        }
        Map<String, String> table = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                for (String env : m.group(1).split(",")) {
                    table.put(env.strip().replace("`", ""), m.group(2).strip());
                }
            }
        }
        Set<String> expected = new TreeSet<>(defaults.keySet());
        expected.addAll(DATABASE);
        assertThat(table.keySet()).as("the README's settings table").containsExactlyInAnyOrderElementsOf(expected);
        defaults.forEach((env, value) -> {
            String shown = table.get(env);
            String readme = shown.equals("–") ? "" : shown.replaceAll("^`([^`]*)`( in production)?$", "$1");
            String actual = shown.endsWith(" in production") ? production.get(env) : value;
            assertThat(readme).as("the README's default of " + env).isEqualTo(actual);
        });
    }

    @Test
    void everyMappedSettingIsBoundToAnEnvironmentVariableAndBack() {
        Set<String> bound = new TreeSet<>();
        SettingsCheck.bindings().forEach(b -> bound.add(b.property()));
        Set<String> mapped = new TreeSet<>();
        for (Method group : Settings.class.getMethods()) {
            for (Method setting : group.getReturnType().getMethods()) {
                if (setting.isDefault()) {
                    continue; // derived from settings (Oidc.passwordsOff), not one itself
                }
                mapped.add("estimator." + kebab(group.getName()) + "." + kebab(setting.getName()));
            }
        }
        mapped.remove("estimator.db.kind"); // set from ESTIMATOR_DB_URL by the database's config source
        assertThat(bound).isEqualTo(mapped);
    }

    @Test
    void aWrongValueIsNamedInOneLine() {
        assertThat(refusal("ESTIMATOR_LIMIT_GROUPS_PER_CLIENT", "many"))
                .isEqualTo("ESTIMATOR_LIMIT_GROUPS_PER_CLIENT 'many' is not a whole number");
        assertThat(refusal("ESTIMATOR_LIMIT_JOINS_PER_CLIENT", "-1"))
                .startsWith("ESTIMATOR_LIMIT_JOINS_PER_CLIENT '-1' must be between 0 and");
        assertThat(refusal("ESTIMATOR_LIMIT_STREAMS_PER_USER", "0"))
                .isEqualTo("ESTIMATOR_LIMIT_STREAMS_PER_USER '0' must be between 1 and 1000");
        assertThat(refusal("ESTIMATOR_GUESTS", "yes")).isEqualTo("ESTIMATOR_GUESTS 'yes' is not true or false");
        assertThat(refusal("ESTIMATOR_EVENTS_KEEP", "an hour"))
                .isEqualTo("ESTIMATOR_EVENTS_KEEP 'an hour' is not a duration like 30s, 15m, 12h or 30d");
        assertThat(refusal("ESTIMATOR_EVENTS_PRESENCE", "0s"))
                .isEqualTo("ESTIMATOR_EVENTS_PRESENCE must be longer than 0");
        assertThat(refusal("ESTIMATOR_RETENTION_EVERY", "weekly"))
                .contains("ESTIMATOR_RETENTION_EVERY 'weekly' is not a duration");
        assertThat(refusal("ESTIMATOR_SESSION_LIFETIME", ""))
                .isEqualTo("ESTIMATOR_SESSION_LIFETIME is empty: unset it for the default (30D)");
        for (Map.Entry<String, String> fine : Map.of("ESTIMATOR_RETENTION_EVERY", "off", "ESTIMATOR_RETENTION_GROUPS",
                "0",
                "ESTIMATOR_SESSION_LIFETIME", "7d", "ESTIMATOR_EVENTS_POLL", "500ms", "ESTIMATOR_GUESTS", "FALSE",
                "ESTIMATOR_LIMIT_GROUPS_PER_CLIENT", "0", "ESTIMATOR_REDIS_URL", "").entrySet()) {
            SettingsCheck.check(name -> name.equals(fine.getKey()) ? fine.getValue() : null);
        }
    }

    private static String refusal(String env, String value) {
        try {
            SettingsCheck.check(name -> name.equals(env) ? value : null);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return "accepted";
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
