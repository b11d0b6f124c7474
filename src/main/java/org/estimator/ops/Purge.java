package org.estimator.ops;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.arc.Arc;
import org.estimator.config.Settings;

/** {@code purge --older-than AGE [--dry-run]}: the retention purge run once from the command line. */
public record Purge(Duration olderThan, boolean dryRun) {

    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([dhm])");

    public static Purge parse(List<String> args) {
        Duration age = null;
        boolean dry = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--dry-run" -> dry = true;
                case "--older-than" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--older-than needs an age, e.g. 30d");
                    }
                    age = age(args.get(++i));
                }
                default ->
                    throw new IllegalArgumentException("purge: unknown option '" + args.get(i) + "' (try --help)");
            }
        }
        if (age == null) {
            throw new IllegalArgumentException("purge needs --older-than AGE, e.g. purge --older-than 30d");
        }
        return new Purge(age, dry);
    }

    private static Duration age(String text) {
        Matcher m = AGE.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--older-than '" + text + "' is not an age like 30d, 12h or 90m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }

    public String run() {
        Duration estimates = Arc.container().instance(Settings.class).get().retention().pendingEstimates();
        Retention.Report r = Arc.container().instance(Retention.class).get().purge(olderThan, estimates, dryRun);
        return (r.dryRun() ? "would remove " : "removed ") + r.groups() + " groups and " + r.estimates() + " estimates";
    }
}
