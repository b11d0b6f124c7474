package org.estimator.common;

import java.text.Normalizer;

/**
 * Checks for the texts users type. Every text is stored in Unicode normalisation form C, so that
 * the same visible name is the same string however it was typed.
 *
 * <p>Names (nicknames, group names, story references, cards, token names) refuse control
 * characters, format characters (Unicode category Cf: zero-width spaces, the byte order mark, bidi
 * overrides that make "Bob" render as another name) and the filler characters that render as
 * nothing (U+2800, U+3164, U+115F, U+1160, U+FFA0), so two names that look alike are alike and no
 * name looks blank. Descriptions may hold line breaks and tabs, and format characters that build
 * emoji (U+200D joins 👩‍💻), but no bidi controls.
 */
public final class Texts {

    private Texts() {
    }

    /** A name of 1..{@code max} code points, trimmed and in NFC (400 naming the field otherwise). */
    public static String name(String field, String value, int max) {
        String text = normal(field, value);
        check(field, text, 1, max);
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.SURROGATE) {
                throw ApiError.invalid(field + " must not contain control characters");
            }
            if (type == Character.FORMAT || isFiller(c)) {
                throw ApiError.invalid(field + " must not contain invisible characters (U+"
                        + String.format("%04X", c) + ")");
            }
            i += Character.charCount(c);
        }
        return text;
    }

    /**
     * A trimmed text in NFC of {@code min}..{@code max} code points, without control characters
     * other than line breaks and tabs where {@code multiline}, and without bidi controls.
     */
    public static String check(String field, String value, int min, int max, boolean multiline) {
        String text = normal(field, value);
        check(field, text, min, max);
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
        if (text.codePoints().anyMatch(Texts::isBidiControl)) {
            throw ApiError.invalid(field + " must not contain bidirectional control characters");
        }
        return text;
    }

    private static String normal(String field, String value) {
        if (value == null) {
            throw ApiError.invalid(field + " is required");
        }
        return Normalizer.normalize(value, Normalizer.Form.NFC).strip();
    }

    private static void check(String field, String text, int min, int max) {
        int length = text.codePointCount(0, text.length());
        if (length < min) {
            throw ApiError.invalid(
                    min == 1 ? field + " must not be blank" : field + " must be at least " + min + " characters");
        }
        if (length > max) {
            throw ApiError.invalid(field + " must be at most " + max + " characters");
        }
    }

    /**
     * An absolute http or https address of at most 500 characters, with a host and nothing that is
     * not allowed in a URI (so a page can put it in an href: no {@code javascript:}, no spaces).
     */
    public static String link(String field, String value) {
        String text = normal(field, value);
        check(field, text, 1, 500);
        java.net.URI uri;
        try {
            uri = new java.net.URI(text);
        } catch (java.net.URISyntaxException e) {
            throw ApiError.invalid(field + " is not a valid address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw ApiError.invalid(field + " must be an http or https address");
        }
        return text;
    }

    /**
     * A text from another system made fit to be stored: line breaks as \n, control and bidi control
     * characters (other than line breaks and tabs) removed, cut to {@code max} code points with an
     * ellipsis. For imports, where one odd character in a tracker's long text must not refuse a file.
     */
    public static String fitted(String value, int max) {
        StringBuilder out = new StringBuilder();
        Normalizer.normalize(value.replace("\r\n", "\n").replace('\r', '\n'), Normalizer.Form.NFC).strip()
                .codePoints().filter(c -> c == '\n' || c == '\t'
                        || !(Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.SURROGATE
                                || isBidiControl(c)))
                .forEach(out::appendCodePoint);
        String text = out.toString();
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)).strip() + "\u2026";
    }

    /** Characters that render as empty space without being white space. */
    static boolean isFiller(int c) {
        return c == 0x2800 || c == 0x3164 || c == 0x115F || c == 0x1160 || c == 0xFFA0;
    }

    /** Embeddings, overrides and isolates (and the marks): they reorder how the text around them reads. */
    static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C;
    }
}
