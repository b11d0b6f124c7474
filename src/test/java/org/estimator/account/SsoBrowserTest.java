package org.estimator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.estimator.support.OidcBrowserless;
import org.estimator.web.Links;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person of the company follows an invitation link, signs in on Keycloak's own login page, joins and
 * votes live; signing out of both ends Keycloak's session too, so the next sign-in (from the home
 * page, back to it) asks again.
 */
@QuarkusTest
@TestProfile(SingleSignOnTest.Keycloak.class)
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class SsoBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void anInvitedPersonSignsInAtTheProviderJoinsVotesAndSignsOutOfBoth() {
        Api.User owner = Api.register("Owner");
        String group = Api.createGroup(owner);
        String code = Api.invite(owner, group);
        long issue = owner.req().body(java.util.Map.of("storyRef", "SSO-1", "description", "Sign in with Keycloak"))
                .post(Api.group(group) + "/issues").then().statusCode(201).extract().<Number>path("id").longValue();
        String mia = OidcBrowserless.newPerson("estimator", "mia", "example.com", "estimators");

        Browser b = Browser.open(base.toString());
        b.go("/join/" + Links.segment(group) + "?code=" + code);
        b.click("#sso-join");
        // Keycloak's login page, on its own origin.
        b.until(d -> d.getCurrentUrl().startsWith(OidcBrowserless.KEYCLOAK) && b.has("#kc-login"));
        b.fill("username", mia);
        b.fill("password", OidcBrowserless.PASSWORD);
        b.click("#kc-login");
        // Back on the invitation, signed in as the provider named her.
        b.waitText("#signed-in-as", "Mia Test");
        b.until(d -> d.getCurrentUrl().startsWith(base.toString().replaceAll("/$", "") + "/join/"));
        b.click("#join");
        b.until(d -> d.getCurrentUrl().contains("/group/"));
        b.live();
        b.go("/group/" + Links.segment(group) + "/issues/" + issue).live();
        b.click("button.playing-card[value='5']");
        b.waitText("#my-estimate", "Your estimate: 5");
        owner.req().get(Api.group(group) + "/issues/" + issue).then().statusCode(200)
                .body("estimates", org.hamcrest.Matchers.equalTo(1));

        b.go("/signout");
        b.click("#provider-logout");
        b.submit("form[action='/signout']");
        // Keycloak asks (Estimator keeps no ID token to vouch for the request), ends its session and
        // sends her back to the home page, signed out.
        b.until(d -> d.getCurrentUrl().startsWith(OidcBrowserless.KEYCLOAK) && b.has("#kc-logout"));
        b.click("#kc-logout");
        b.until(d -> d.getCurrentUrl().equals(base.toString()) && b.has("a[href='/signin']"));
        assertThat(b.has("#signed-in-as")).isFalse();

        // Next time from the home page: Keycloak asks again, then the home page lists her group.
        b.click("a[href='/signin']");
        b.click("#sso-signin");
        b.until(d -> d.getCurrentUrl().startsWith(OidcBrowserless.KEYCLOAK) && b.has("#kc-login"));
        b.fill("username", mia);
        b.fill("password", OidcBrowserless.PASSWORD);
        b.click("#kc-login");
        b.waitText("#signed-in-as", "Mia Test");
        assertThat(b.url()).isEqualTo(base.toString());
        b.click("#joined-groups a");
        b.live();
        assertThat(b.url()).contains("/group/");
    }
}
