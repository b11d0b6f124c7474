package org.estimator.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Links to resources and pages. */
public final class Links {

    private Links() {
    }

    /** The absolute URL of a group's seed resource, below {@code base} (see {@link Clients#base}). */
    public static URI group(String base, String name) {
        return URI.create(base + "/rest/v1/group/" + segment(name));
    }

    /**
     * Percent-encodes one path segment: everything but RFC 3986's unreserved characters, so that
     * "/", "?", "#", "%", spaces and non-ASCII letters all survive the round trip.
     */
    public static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
