package org.estimator.web;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.qute.EngineBuilder;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A browser's language and theme. The language is the one chosen in the footer (a cookie), else the
 * best match of {@code Accept-Language} among those the pages are written in, else English; every
 * page template renders in it ({@link Msg}). API error messages stay English.
 */
@ApplicationScoped
public class Preferences {

    /** A language the pages are written in, named in itself. */
    public record Language(String code, String name) {
    }

    public static final List<Language> LANGUAGES = List.of(new Language("en", "English"),
            new Language("de", "Deutsch"), new Language("fr", "Français"), new Language("es", "Español"));
    static final List<String> THEMES = List.of("system", "light", "dark");
    private static final List<Locale> LOCALES = LANGUAGES.stream().map(l -> Locale.forLanguageTag(l.code())).toList();

    private final WebCookies cookies;

    Preferences(WebCookies cookies) {
        this.cookies = cookies;
    }

    /** Every page template renders in the language of the request that makes it. */
    void localize(@Observes EngineBuilder engine) {
        engine.addTemplateInstanceInitializer(instance -> {
            RoutingContext rc = current();
            if (rc != null) {
                instance.setLocale(Locale.forLanguageTag(language(rc)));
            }
        });
    }

    /** The request's language code (en, de, fr, es). */
    public String language(RoutingContext rc) {
        String chosen = cookies.lang(rc.request());
        if (chosen != null && supported(chosen)) {
            return chosen;
        }
        String accept = rc.request().getHeader("Accept-Language");
        if (accept != null) {
            try {
                Locale match = Locale.lookup(Locale.LanguageRange.parse(accept), LOCALES);
                if (match != null) {
                    return match.getLanguage();
                }
            } catch (IllegalArgumentException e) {
                // a malformed header: the default
            }
        }
        return "en";
    }

    /** The request's theme: system (follow the device), light or dark. */
    public String theme(RoutingContext rc) {
        String chosen = cookies.theme(rc.request());
        return chosen != null && THEMES.contains(chosen) ? chosen : "system";
    }

    /** The pages' texts in the request's language, for what Java code writes into a page. */
    public Msg msg(RoutingContext rc) {
        return MessageBundles.get(Msg.class, Localized.Literal.of(language(rc)));
    }

    static boolean supported(String code) {
        return LANGUAGES.stream().anyMatch(l -> l.code().equals(code));
    }

    /** The request being served on this thread, if any. */
    private static RoutingContext current() {
        ManagedContext requests = Arc.container().requestContext();
        if (!requests.isActive()) {
            return null;
        }
        return Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
    }
}
