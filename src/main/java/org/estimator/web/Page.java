package org.estimator.web;

import java.util.List;

/**
 * What every page's layout needs: its title, who is signed in, the CSRF token its forms and scripts
 * send back, and the browser's language and theme (with the page's own path, for the footer's switch
 * to come back to).
 *
 * @param nickname the signed-in user's nickname, null for a visitor
 * @param theme system, light or dark
 */
public record Page(String title, String nickname, boolean guest, String csrf, String lang, String theme,
        String path, boolean passwords) {

    public boolean signedIn() {
        return nickname != null;
    }

    public List<Preferences.Language> languages() {
        return Preferences.LANGUAGES;
    }

    /** The color-scheme the browser draws its own controls in. */
    public String colorScheme() {
        return theme.equals("system") ? "light dark" : theme;
    }
}
