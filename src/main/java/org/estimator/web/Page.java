package org.estimator.web;

/**
 * What every page's layout needs: its title, who is signed in, and the CSRF token its forms and
 * scripts send back.
 *
 * @param nickname the signed-in user's nickname, null for a visitor
 */
public record Page(String title, String nickname, boolean guest, String csrf) {

    public boolean signedIn() {
        return nickname != null;
    }
}
