package org.estimator.group;

import org.estimator.common.ApiError;
import org.estimator.common.Texts;

/**
 * The rule for group names, applied wherever a name arrives (creation and every lookup alike, so
 * that a name typed in another Unicode normalisation finds the same group).
 *
 * <p>Any Unicode is allowed, including "/" (percent-encoded as %2F in the path; the Location header
 * encodes it so that following it returns the group). Names are kept in NFC. Refused with 400: blank
 * names, names longer than {@value #MAX_LENGTH} characters (code points), control, invisible and
 * bidi-control characters (see {@link Texts#name}), "." and "..", and leading or trailing white
 * space (invisible in a link, and MySQL collations would compare "a " equal to "a").
 */
public final class GroupNames {

    public static final int MAX_LENGTH = 64;

    private GroupNames() {
    }

    /** The name as stored (NFC), or 400. */
    public static String check(String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.invalid("Group name must not be blank");
        }
        if (Character.isWhitespace(name.codePointAt(0)) || Character.isWhitespace(name.codePointBefore(name.length()))
                || Character.isSpaceChar(name.codePointAt(0))
                || Character.isSpaceChar(name.codePointBefore(name.length()))) {
            throw ApiError.invalid("Group name must not start or end with white space");
        }
        String normal;
        try {
            normal = Texts.name("name", name, MAX_LENGTH);
        } catch (ApiError e) {
            throw ApiError.invalid("Group " + e.getMessage());
        }
        if (normal.equals(".") || normal.equals("..")) {
            // Clients and proxies resolve these as relative paths before the server sees them.
            throw ApiError.invalid("Group name must not be '.' or '..'");
        }
        return normal;
    }
}
