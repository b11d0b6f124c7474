package org.estimator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Checks the operator's settings before Quarkus starts, so that a wrong one stops start-up with one
 * line naming it (not a stack trace). What each setting may be comes from its type and constraints
 * in {@link Settings}; which environment variable sets it, from application.properties.
 */
public final class SettingsCheck {

    /** One setting: its property, the environment variable that sets it, and its default. */
    public record Binding(String property, String env, String defaultValue, Method method) {
    }

    private static final Pattern LINE = Pattern
            .compile("^(estimator\\.[a-z.-]+)=\\$\\{(ESTIMATOR_[A-Z0-9_]+):([^}]*)}$");

    private SettingsCheck() {
    }

    /** Throws an {@link IllegalArgumentException} with the one line to show for the first wrong setting. */
    public static void check(Function<String, String> env) {
        for (Binding b : bindings()) {
            String value = env.apply(b.env());
            if (value != null) {
                check(b, value.strip());
            }
        }
    }

    /** The settings application.properties binds to environment variables (its base values, not profiles). */
    public static List<Binding> bindings() {
        List<Binding> bindings = new ArrayList<>();
        try (InputStream in = SettingsCheck.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is missing from the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line.strip());
                if (m.matches()) {
                    bindings.add(new Binding(m.group(1), m.group(2), m.group(3), method(m.group(1))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bindings;
    }

    /** The mapping's method for {@code estimator.group.some-name}: {@code Settings.group().someName()}. */
    public static Method method(String property) {
        String[] parts = property.split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException(property + " is not estimator.<group>.<name>");
        }
        try {
            Class<?> group = Settings.class.getMethod(camel(parts[1])).getReturnType();
            return group.getMethod(camel(parts[2]));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(property + " is not in " + Settings.class.getName(), e);
        }
    }

    private static void check(Binding b, String value) {
        Class<?> type = b.method().getReturnType();
        String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        if (type == Optional.class) {
            return; // free text, checked by its feature (proxies, URLs) in Main
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    b.env() + " is empty: unset it for the default (" + b.defaultValue() + ")");
        }
        if (type == int.class) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(b.env() + " '" + shown + "' is not a whole number");
            }
            Settings.Range range = b.method().getAnnotation(Settings.Range.class);
            long min = range == null ? Integer.MIN_VALUE : range.min();
            long max = range == null ? Integer.MAX_VALUE : range.max();
            if (n < min || n > max) {
                throw new IllegalArgumentException(b.env() + " '" + shown + "' must be between " + min + " and " + max);
            }
        } else if (type == boolean.class) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(b.env() + " '" + shown + "' is not true or false");
            }
        } else if (type == Duration.class || (b.property().endsWith(".every") && !value.equalsIgnoreCase("off"))) {
            Duration d;
            try {
                d = DurationConverter.parseDuration(value);
            } catch (IllegalArgumentException e) {
                d = null;
            }
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(
                        b.env() + " '" + shown + "' is not a duration like 30s, 15m, 12h or 30d");
            }
            if (d.isZero() && !b.property().startsWith("estimator.retention.")) {
                throw new IllegalArgumentException(b.env() + " must be longer than 0");
            }
        }
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

}
