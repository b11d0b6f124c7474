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

    Pages(CallerIdentity caller, RoutingContext rc, Csrf csrf) {
        this.caller = caller;
        this.rc = rc;
        this.csrf = csrf;
    }

    public Page page(String title) {
        CallerIdentity.Shown shown = caller.shown().orElse(null);
        return new Page(title, shown == null ? null : shown.nickname(), shown != null && shown.guest(), csrf.token(rc));
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
        String title = switch (status) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Not possible now";
            case 429 -> "Too many requests";
            default -> status >= 500 ? "Something went wrong" : "Cannot do that";
        };
        Page page;
        try {
            page = page(title);
        } catch (RuntimeException e) {
            page = new Page(title, null, false, csrf.token(rc)); // the database is what failed
        }
        return Response.status(status).type("text/html;charset=UTF-8")
                .entity(Templates.error(page, status, message).render()).build();
    }

    TemplateInstance about() {
        return Templates.about(page("About"));
    }

    /** {@code {value.urlEncode}} in a template: a query parameter's value. */
    @TemplateExtension
    static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code {value.num}}: a statistic as people write it, "8" rather than "8.0", at most two decimals. */
    @TemplateExtension
    static String num(Double value) {
        if (value == null) {
            return "";
        }
        return java.math.BigDecimal.valueOf(Math.round(value * 100) / 100.0).stripTrailingZeros().toPlainString();
    }

    /** {@code {seconds.duration}}: how long something took, to the unit that matters ("45 s", "2 h 5 min", "3 d 4 h"). */
    @TemplateExtension
    static String duration(Long seconds) {
        if (seconds == null) {
            return "";
        }
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + " s";
        }
        long minutes = s / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 24 * 60) {
            return minutes / 60 + " h " + minutes % 60 + " min";
        }
        return minutes / 1440 + " d " + minutes % 1440 / 60 + " h";
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
