package org.estimator.tracker;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The start-up check of the trackers' settings, and the parsing they share with the running service. */
public final class TrackerSettings {

    private TrackerSettings() {
    }

    /** Throws an {@link IllegalArgumentException} with the one line to show for a wrong setting. */
    public static void check(String secretKey, String allowedHosts) {
        if (secretKey != null && !secretKey.isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secretKey.strip());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new IllegalArgumentException(
                        "ESTIMATOR_SECRET_KEY must be 32 random bytes in base64 (openssl rand -base64 32)");
            }
        }
        for (String host : hosts(allowedHosts)) {
            if (!host.matches("[a-z0-9._:\\-\\[\\]]+")) {
                throw new IllegalArgumentException("ESTIMATOR_INTEGRATIONS_ALLOWED_HOSTS '" + host
                        + "' is not a host name or address (no scheme, port or path)");
            }
        }
    }

    /** The hosts of a comma-separated list, lower-case, without blanks. */
    static Set<String> hosts(String list) {
        if (list == null) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
