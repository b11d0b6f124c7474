package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.estimator.support.Names;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.NoAlertPresentException;

/** Hostile names, forged cross-site forms, and a phone-sized screen. */
@QuarkusTest
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class PageSecurityBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void markupInNamesRendersAsText() {
        Api.User owner = Api.register("<img src=x onerror=alert(1)>");
        String group = "<script>alert(1)</script>" + Names.unique("");
        owner.req().post(Api.group(group)).then().statusCode(201);
        owner.req().body(Map.of("storyRef", "<b>bold</b>", "description", "<script>alert(2)</script>"))
                .post(Api.group(group) + "/issues").then().statusCode(201);
        Api.guest(owner, group, "\"><svg onload=alert(3)>");

        Browser b = Browser.open(base.toString()).signIn(owner).go("/");
        assertThat(b.text("#owned-groups")).contains(group);
        b.click("#owned-groups a");
        b.waitText("#group-name", group);
        b.live();
        assertThat(b.text("#signed-in-as")).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(b.text("#issues .story")).isEqualTo("<b>bold</b>");
        assertThat(b.text("#issues li > p")).isEqualTo("<script>alert(2)</script>");
        assertThat(b.text("#members")).contains("\"><svg onload=alert(3)>");
        assertThat(b.has("#issues b") || b.has("#members svg") || b.has("header img")).isFalse();
        b.click("#issues a.story");
        b.waitText("#story-ref", "<b>bold</b>");
        assertThat(b.text("#issue-description")).isEqualTo("<script>alert(2)</script>");
        assertThatThrownBy(() -> b.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused() {
        Api.User victim = Api.register("Vic");
        Browser b = Browser.open(base.toString()).signIn(victim);
        String target = Names.unique("forged");
        String attack = "<form method=post action='" + base + "groups'>"
                + "<input name=csrf value=guess><input name=name value='" + target + "'></form>"
                + "<script>document.forms[0].submit()</script>";
        b.driver.get("data:text/html;charset=utf-8,"
                + URLEncoder.encode(attack, StandardCharsets.UTF_8).replace("+", "%20"));
        b.waitText("#error-message", "came from another site");
        Api.anonymous().get(Api.group(target)).then().statusCode(404);
    }

    @Test
    void aPhoneSizedScreenNeedsNoSidewaysScrolling() {
        Api.User owner = Api.register("Pia");
        String group = "A rather long group name for a phone" + Names.unique("");
        owner.req().post(Api.group(group)).then().statusCode(201);
        Api.member(owner, group, "Paul");
        long issue = owner.req().body(Map.of("storyRef", "VERYLONGREFERENCE-1234567890123",
                "description", "Supercalifragilisticexpialidocious".repeat(4)))
                .post(Api.group(group) + "/issues").then().statusCode(201).extract().<Number>path("id").longValue();
        Api.settings(owner, group, Map.of("deck", "MODIFIED_FIBONACCI"));

        Browser phone = Browser.phone(base.toString()).signIn(owner);
        for (String page : new String[]{"/", "/group/" + Links.segment(group),
                "/group/" + Links.segment(group) + "/issues/" + issue, "/account", "/about"}) {
            phone.go(page);
            Object overflow = phone
                    .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).as("sideways overflow of %s", page).isLessThanOrEqualTo(0);
        }
        phone.go("/group/" + Links.segment(group) + "/issues/" + issue)
                .fullScreenshot(RoundBrowserTest.GALLERY.resolve("issue-phone.png"));
    }
}
