package org.estimator.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

/**
 * The footer's switch: the browser's language and theme, kept in cookies (a year), then back to the
 * page it came from. The server renders both into every page, so the chosen theme shows from the
 * first paint (no script, no flash of the other theme).
 */
@Path("/preferences")
class PreferencesPage {

    private final Pages pages;
    private final WebCookies cookies;

    PreferencesPage(Pages pages, WebCookies cookies) {
        this.pages = pages;
        this.cookies = cookies;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm String csrf, @RestForm String lang, @RestForm String theme, @RestForm String back) {
        pages.requireForm(csrf);
        cookies.preferences(pages.routing(), lang != null && Preferences.supported(lang) ? lang : null,
                theme != null && Preferences.THEMES.contains(theme) ? theme : "system");
        return Pages.see(Pages.safeNext(back));
    }
}
