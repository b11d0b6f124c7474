package org.estimator.web;

/** Checks for the short texts users type (nicknames, story references, descriptions). */
public final class Texts {

    private Texts() {
    }

    /**
     * Trims the text and checks it holds {@code min}..{@code max} characters (code points) and no
     * control characters other than line breaks and tabs where {@code multiline}.
     */
    public static String check(String field, String value, int min, int max, boolean multiline) {
        if (value == null) {
            throw ApiError.invalid(field + " is required");
        }
        String text = value.strip();
        int length = text.codePointCount(0, text.length());
        if (length < min) {
            throw ApiError.invalid(min == 1 ? field + " must not be blank" : field + " must be at least " + min + " characters");
        }
        if (length > max) {
            throw ApiError.invalid(field + " must be at most " + max + " characters");
        }
        boolean bad = text.codePoints().anyMatch(c -> {
            int type = Character.getType(c);
            if (type == Character.SURROGATE) {
                return true;
            }
            if (type != Character.CONTROL) {
                return false;
            }
            return !(multiline && (c == '\n' || c == '\r' || c == '\t'));
        });
        if (bad) {
            throw ApiError.invalid(field + " must not contain control characters");
        }
        return text;
    }
}
