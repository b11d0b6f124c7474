package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.estimator.support.Names;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Registering, signing in and out in a real browser, with every error the forms can show. */
@QuarkusTest
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class AccountPagesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void registrationNamesEachProblemNextToItsFieldThenSignsIn() {
        Api.User taken = Api.register("Taken");
        Browser b = Browser.open(base.toString()).go("/register");
        String email = Names.unique("reg") + "@example.test";

        register(b, "Rita", email, Api.PASSWORD, Api.PASSWORD + "x");
        assertThat(b.text("#password2-error")).isEqualTo("The two passwords do not match");
        assertThat(b.id("nickname").getAttribute("value")).isEqualTo("Rita"); // kept, unlike the passwords

        register(b, "Rita", email, "too short", "too short");
        assertThat(b.text("#password-error")).isEqualTo("Password must be at least 16 characters");

        register(b, "Rita", "not-an-email", Api.PASSWORD, Api.PASSWORD);
        assertThat(b.text("#email-error")).isEqualTo("Email is not a valid email address");

        register(b, "Rita", taken.email(), Api.PASSWORD, Api.PASSWORD);
        assertThat(b.text("#email-error")).isEqualTo("Email already registered");

        register(b, "Rita", email, Api.PASSWORD, Api.PASSWORD);
        b.waitText("#signed-in-as", "Rita");
        assertThat(b.text("h1")).isEqualTo("Your groups");
    }

    @Test
    void signInRefusesAWrongPasswordAndReturnsToTheProtectedPage() {
        Api.User ada = Api.register("Ada");
        String group = Api.createGroup(ada);
        Browser b = Browser.open(base.toString()).go("/group/" + Links.segment(group));
        // Signed out: the group page sends the visitor to sign in, remembering where they were going.
        assertThat(b.url()).contains("/signin?next=");

        b.fill("email", ada.email()).fill("password", "wrong password, long enough");
        b.submit("form[action='/signin']");
        assertThat(b.text("#signin-error")).isEqualTo("Unknown email or wrong password");

        b.fill("email", "nobody-" + Names.unique("x") + "@example.test").fill("password", Api.PASSWORD);
        b.submit("form[action='/signin']");
        assertThat(b.text("#signin-error")).isEqualTo("Unknown email or wrong password");

        b.fill("email", ada.email()).fill("password", Api.PASSWORD);
        b.submit("form[action='/signin']");
        b.waitText("#group-name", group);
    }

    @Test
    void signOutAsksFirstAndEndsTheSession() {
        Api.User bob = Api.register("Bob");
        Browser b = Browser.open(base.toString()).signIn(bob);
        b.go("/").click("a[href='/signout']");
        assertThat(b.text("h1")).isEqualTo("Sign out?");
        b.submit("form[action='/signout']");
        b.waitText("header nav", "Sign in");
        // The session is gone on the server too: a protected page asks to sign in again.
        b.go("/group/" + Links.segment(Api.createGroup(bob)));
        assertThat(b.url()).contains("/signin?next=");
    }

    @Test
    void anOpenGroupPageNoticesItsSessionEndedAndAsksToSignIn() {
        Api.User owner = Api.register("Sol");
        String group = Api.createGroup(owner);
        Api.User member = Api.member(owner, group, "Sam");
        Browser b = Browser.open(base.toString()).signIn(member).go("/group/" + Links.segment(group)).live();
        String groupTab = b.driver.getWindowHandle();

        b.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        b.go("/signout").submit("form[action='/signout']");
        b.driver.switchTo().window(groupTab);

        Api.addIssue(owner, group, "EST-S"); // an event: the open page refreshes and finds itself signed out
        b.until(d -> b.url().contains("/signin?next="));
        assertThat(b.has("#issues")).isFalse();
    }

    @Test
    void nextCannotLeadToAnotherSite() {
        Api.User cy = Api.register("Cy");
        Browser b = Browser.open(base.toString()).go("/signin?next=//evil.example/steal");
        b.fill("email", cy.email()).fill("password", Api.PASSWORD);
        b.submit("form[action='/signin']");
        b.waitText("#signed-in-as", "Cy");
        assertThat(b.url()).startsWith(base.toString().replaceAll("/+$", "")).doesNotContain("evil");
    }

    @Test
    void theAccountPageCreatesAPersonalApiTokenShownOnceAndRevokesIt() {
        Api.User dev = Api.register("Dev");
        Browser b = Browser.open(base.toString()).signIn(dev);
        b.click("#signed-in-as");
        b.waitText("h1", "Your account");
        assertThat(b.text("#no-tokens")).isEqualTo("No tokens yet.");
        b.fill("token-name", "CI script").fill("token-days", "30").click("#create-token");
        b.until(d -> !b.attribute("#token-value", "value").isEmpty());
        String token = b.attribute("#token-value", "value");
        b.waitText("#tokens", "CI script");
        Api.as(token).get("/rest/v1/users/me").then().statusCode(200);

        b.click("#tokens button");
        b.confirm();
        b.waitText("#no-tokens", "No tokens yet.");
        Api.as(token).get("/rest/v1/users/me").then().statusCode(401);
    }

    private static void register(Browser b, String nickname, String email, String password, String again) {
        b.fill("nickname", nickname).fill("email", email).fill("password", password).fill("password2", again);
        b.submit("form[action='/register']");
    }
}
