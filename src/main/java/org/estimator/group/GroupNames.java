package org.estimator.group;

import org.estimator.web.ApiError;

/**
 * The rule for group names, applied wherever a name arrives.
 *
 * <p>Any Unicode is allowed, including "/" (percent-encoded as %2F in the path; the Location header
 * encodes it so that following it returns the group). Refused with 400: blank names, names longer
 * than {@value #MAX_LENGTH} characters (code points), control characters (PostgreSQL cannot store
 * NUL; none can be typed or shown), "." and "..", and leading or trailing white space (invisible in a link, and
 * MySQL collations would compare "a " equal to "a").
 */
public final class GroupNames {

    public static final int MAX_LENGTH = 64;

    private GroupNames() {
    }

    public static String check(String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.invalid("Group name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ApiError.invalid("Group name must be at most " + MAX_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.SURROGATE)) {
            throw ApiError.invalid("Group name must not contain control characters");
        }
        if (Character.isWhitespace(name.codePointAt(0)) || Character.isWhitespace(name.codePointBefore(name.length()))
                || Character.isSpaceChar(name.codePointAt(0)) || Character.isSpaceChar(name.codePointBefore(name.length()))) {
            throw ApiError.invalid("Group name must not start or end with white space");
        }
        if (name.equals(".") || name.equals("..")) {
            // Clients and proxies resolve these as relative paths before the server sees them.
            throw ApiError.invalid("Group name must not be '.' or '..'");
        }
        return name;
    }
}
