package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rounds that close by themselves, quick rounds and the record of results, in two browsers. */
@QuarkusTest
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class AsyncRoundBrowserTest {

    static final Path GALLERY = Path.of("target", "gallery");

    @TestHTTPResource("/")
    URL base;

    @Test
    void aDeadlineThatPassesRevealsTheRoundOnBothPagesWithoutAReload() {
        Round r = Round.of("Astrid", "Bo", "ASYNC-7");
        Browser o = Browser.open(base.toString()).signIn(r.owner()).go(r.path()).live();
        Browser m = Browser.open(base.toString()).signIn(r.member()).go(r.path()).live();
        m.click("button.playing-card[value='8']");
        m.waitText("#my-estimate", "Your estimate");

        // The owner sets the deadline in local time, a few seconds ahead (the browser runs on this machine).
        String soon = LocalDateTime.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        o.waitText("#review-count", "1"); // the owner's page has taken the card in
        // A person picks minutes (and types: an input event); the test needs seconds, so it lets the field take them.
        o.script("const f = document.getElementById('deadline-at'); f.step = '1'; f.value = arguments[0];"
                + " f.dispatchEvent(new Event('input', {bubbles: true}));", soon);
        o.click("#set-deadline");
        m.waitText("#deadline", "Estimating closes");
        o.waitText("#deadline", "Estimating closes");
        assertThat(m.attribute("#deadline time", "datetime")).endsWith("Z");

        // No one reloads: the round closes on time and both pages show the reveal.
        m.until(d -> m.has("#revealed"), java.time.Duration.ofSeconds(15));
        o.until(d -> o.has("#revealed"), java.time.Duration.ofSeconds(5));
        assertThat(m.has("#deadline")).isFalse();
        m.waitText("#review-count", "1");
        assertThat(m.has("button.playing-card")).isFalse();
    }

    @Test
    void withAutoRevealTheLastCardRevealsTheRoundForEveryone() {
        Round r = Round.of("Aurora", "Bjorn", "AUTO-7");
        Browser o = Browser.open(base.toString()).signIn(r.owner()).go(r.groupPath());
        o.click("#auto-reveal");
        o.script("window.beforeSaving = true;");
        o.click("#settings-title + form button[type=submit]");
        // Saved when the page has reloaded (the form's data-then) and shows the setting from the server.
        o.until(d -> o.script("return window.beforeSaving") == null
                && Boolean.TRUE.equals(o.script("return document.getElementById('auto-reveal')?.checked")));

        o.go(r.path()).live();
        Browser m = Browser.open(base.toString()).signIn(r.member()).go(r.path()).live();
        o.click("button.playing-card[value='5']");
        o.waitText("#progress", "1 of 2");
        assertThat(m.has("#revealed")).isFalse();
        m.click("button.playing-card[value='5']");
        m.until(d -> m.has("#revealed"), java.time.Duration.ofSeconds(5));
        o.until(d -> o.has("#revealed"), java.time.Duration.ofSeconds(5));
        m.waitText("#review-count", "2");
    }

    @Test
    void aQuickRoundStartsWithOneClickAndTheResultsShowWhatWasDecided() {
        Api.User owner = Api.register("Quinn");
        String group = Api.createGroup(owner);
        Browser o = Browser.open(base.toString()).signIn(owner).go("/group/" + Links.segment(group)).live();
        o.click("#quick-round");
        o.waitText("#story-ref", "Quick ");
        o.live();
        o.chooseValue("lock-value", "13");
        o.click("#lock");
        o.waitText("#final-estimate", "13");

        // A round open until tomorrow is on the home pages: everyone sees the count, each their own card.
        long open = Api.addIssue(owner, group, "LATER-1");
        owner.req().body(java.util.Map.of("closesAt", java.time.Instant.now().plusSeconds(86_400).toString()))
                .put(Api.group(group) + "/issues/" + open + "/deadline").then().statusCode(200);
        o.go("/");
        o.waitText("#open-rounds", "LATER-1");
        assertThat(o.text("#open-rounds")).contains("0 of 1 estimated").contains("waiting for your card")
                .contains("in " + group);

        o.go("/group/" + Links.segment(group)).live();
        o.waitText("#history", "Quick ");
        assertThat(o.text("#history")).contains("13");
        assertThat(o.text("#history-total")).isEqualTo("13");
        o.fullScreenshot(GALLERY.resolve("group-history.png"));
    }
}
