package org.estimator.web;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;

/** What all pages share: the layout's data, the error page, and safe redirects. */
@ApplicationScoped
public class Pages {

    @CheckedTemplate(basePath = "web")
    static class Templates {

        static native TemplateInstance error(Page page, int status, String message);

        static native TemplateInstance about(Page page);
    }

    private final CallerIdentity caller;
    private final RoutingContext rc;
    private final Csrf csrf;
    private final Preferences preferences;
    /** Whether people may register and sign in with a password (not on an SSO-only server). */
    private final boolean passwords;

    Pages(CallerIdentity caller, RoutingContext rc, Csrf csrf, Preferences preferences,
            org.estimator.config.Settings settings) {
        this.passwords = !settings.oidc().passwordsOff();
        this.caller = caller;
        this.rc = rc;
        this.csrf = csrf;
        this.preferences = preferences;
    }

    public Page page(String title) {
        CallerIdentity.Shown shown = caller.shown().orElse(null);
        return new Page(title, shown == null ? null : shown.nickname(), shown != null && shown.guest(), csrf.token(rc),
                preferences.language(rc), preferences.theme(rc), rc.request().uri(), passwords);
    }

    /** The pages' texts in this request's language, for what Java code writes into a page (titles, labels). */
    public Msg msg() {
        return preferences.msg(rc);
    }

    /** A moment as this request's language writes a date and time, in UTC (the pages show UTC where no script runs). */
    public String dateTime(long epochMillis) {
        return java.time.format.DateTimeFormatter
                .ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM, java.time.format.FormatStyle.SHORT)
                .withLocale(java.util.Locale.forLanguageTag(preferences.language(rc)))
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(epochMillis)) + " UTC";
    }

    /** A day as this request's language writes a date. */
    public String date(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.MEDIUM)
                .withLocale(java.util.Locale.forLanguageTag(preferences.language(rc)))
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    public RoutingContext routing() {
        return rc;
    }

    /** A form handler's CSRF check: the form's {@code csrf} field must repeat the browser's token (403). */
    public void requireForm(String formToken) {
        csrf.requireForm(rc, formToken);
    }

    /** The page a refused request shows: its status and the same message the API would give. */
    Response error(int status, String message) {
        if (status == 401) {
            return see("/signin?next=" + urlEncode(rc.request().uri()));
        }
        Msg msg = msg();
        String title = switch (status) {
            case 403 -> msg.errorNotAllowed();
            case 404 -> msg.errorNotFound();
            case 409 -> msg.errorNotPossible();
            case 429 -> msg.errorTooMany();
            default -> status >= 500 ? msg.errorServer() : msg.errorOther();
        };
        Page page;
        try {
            page = page(title);
        } catch (RuntimeException e) {
            // the database is what failed: the page without the caller
            page = new Page(title, null, false, csrf.token(rc), preferences.language(rc), preferences.theme(rc),
                    rc.request().uri(), passwords);
        }
        return Response.status(status).type("text/html;charset=UTF-8")
                .entity(Templates.error(page, status, message).render()).build();
    }

    TemplateInstance about() {
        return Templates.about(page(msg().titleAbout()));
    }

    /** {@code {value.urlEncode}} in a template: a query parameter's value. */
    @TemplateExtension
    static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * {@code {value.num}}: a statistic as people write it in the page's language, "8" rather than "8.0",
     * at most two decimals ("10.5", "10,5"); the page's script writes the live ones the same way.
     */
    @TemplateExtension
    static String num(Double value, @TemplateExtension.TemplateAttribute("locale") Object locale) {
        if (value == null) {
            return "";
        }
        java.text.NumberFormat format = java.text.NumberFormat
                .getNumberInstance(locale instanceof java.util.Locale l ? l : java.util.Locale.ENGLISH);
        format.setMaximumFractionDigits(2);
        format.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return format.format(value);
    }

    /** 303 See Other: where a form sends the browser after it did its work. */
    public static Response see(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    /**
     * Where to go after signing in: the {@code next} a page asked for, if it stays on this site (a
     * path, not {@code //host} or {@code /\\host}, no control characters), otherwise home. Characters
     * a URI may not hold (spaces, {@code |}, {@code "}, letters beyond ASCII, a {@code %} that starts
     * no escape) are percent-encoded, so the answer is always a valid redirect.
     */
    public static String safeNext(String next) {
        if (next == null || next.length() > 2000 || !next.startsWith("/") || next.startsWith("//")
                || next.startsWith("/\\") || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        String encoded = encodeUnsafe(next);
        try {
            URI uri = new URI(encoded);
            String path = uri.getRawPath();
            if (uri.getScheme() != null || uri.getRawAuthority() != null || path == null || !path.startsWith("/")
                    || path.startsWith("//")) {
                return "/";
            }
            return encoded;
        } catch (URISyntaxException e) {
            return "/";
        }
    }

    private static final String URI_SAFE = "-._~!$&'()*+,;=:@/?";

    private static String encodeUnsafe(String text) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean escape = c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if ((c < 0x80 && (Character.isLetterOrDigit(c) || URI_SAFE.indexOf(c) >= 0)) || escape) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
