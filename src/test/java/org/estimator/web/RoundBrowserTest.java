package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.estimator.support.DropProxy;
import org.estimator.support.Names;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/** Estimation rounds in the browser: two people at once, everything live, no reloads. */
@QuarkusTest
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class RoundBrowserTest {

    /** The README's gallery is taken from these pages on every run (copied to docs/screenshots by hand). */
    static final Path GALLERY = Path.of("target", "gallery");

    @TestHTTPResource("/")
    URL base;

    /** A browser signed in as the user, on the page, with its event stream connected. */
    private Browser openAs(Api.User user, String path) {
        return Browser.open(base.toString()).signIn(user).go(path).live();
    }

    @Test
    void aWholeRoundWithTwoBrowsersUpdatesEveryPageLive() {
        Api.User owner = Api.register("Olga");
        Api.User member = Api.register("Max");
        Browser o = Browser.open(base.toString()).signIn(owner);

        String group = Names.unique("Team Round");
        o.go("/").fill("group-name", group).submit("form[action='/groups']");
        o.waitText("#group-name", group);
        o.live();

        o.fill("story-ref", "EST-1").fill("description", "Export the results as CSV");
        o.click("form[data-api$='/issues'] button[type=submit]");
        o.waitText("#issues", "EST-1");
        assertThat(o.attribute("#story-ref", "value")).isEmpty(); // the form is ready for the next one

        o.click("#new-invite");
        o.until(d -> !o.attribute("#invite-url", "value").isEmpty());
        String link = o.attribute("#invite-url", "value");
        assertThat(link).contains("/join/").contains("code=");
        o.click("button[data-copy]");
        o.waitText("#copy-status", "Copied");

        Browser m = Browser.open(base.toString()).signIn(member);
        m.driver.get(link);
        m.waitText("#invited-group", group);
        m.submit("form[action^='/join/']");
        m.waitText("#group-name", group);
        o.waitText("#members", "Max"); // the owner's page learns of the new member by itself
        o.until(d -> o.has("#members li:nth-child(2) .presence.online")); // and that Max has the group open
        o.fullScreenshot(GALLERY.resolve("group-owner.png"));

        // A team of two: the owner lets the review show from the first card (the default waits for 3).
        assertThat(o.attribute("#review-min-cards", "value")).isEqualTo("3");
        o.fill("review-min-cards", "1").submit("form[data-api$='/settings']");
        o.waitText("#group-name", group);
        assertThat(o.attribute("#review-min-cards", "value")).isEqualTo("1");

        String issue = o.attribute("#issues a.story", "href");
        o.driver.get(issue);
        o.live();
        o.waitText("#review-message", "More estimates are required");
        m.driver.get(issue);
        m.live();
        assertThat(m.text("#progress")).contains("0 of 2 estimates submitted");
        assertThat(m.text("#few-voters")).contains("Fewer than 3 members vote");
        assertThat(m.has("#review")).isFalse(); // members see no aggregate before the reveal
        markLoaded(o);
        markLoaded(m);

        // The member picks a card with the keyboard; the owner's count and review follow live.
        m.press("button.playing-card[value='8']", Keys.ENTER);
        m.waitText("#my-estimate", "Your estimate: 8");
        assertThat(m.attribute("button.playing-card[value='8']", "aria-pressed")).isEqualTo("true");
        o.waitText("#progress", "1 of 2");
        o.waitText("#review-suggested", "8");

        // The owner votes too, with the original's whole-number field.
        o.fill("estimate-value", "13").click("#estimate-submit");
        o.waitText("#progress", "2 of 2");
        m.waitText("#progress", "2 of 2");
        o.waitText("#review-average", "10.5");
        assertThat(o.text("#review-integer")).isEqualTo("11");
        assertThat(o.text("#review-suggested")).isEqualTo("13"); // a tie between 8 and 13 goes up
        assertThat(o.text("#distribution")).contains("8").contains("13");
        assertThat(o.text("#live")).doesNotContain("Max"); // anonymous: nobody's card by name
        assertThat(o.has("#votes")).isFalse();
        o.fullScreenshot(GALLERY.resolve("review-owner.png"));
        m.fullScreenshot(GALLERY.resolve("estimate-member.png"));
        m.dark().fullScreenshot(GALLERY.resolve("estimate-member-dark.png"));

        // The member changes their card: no member is told, but the owner's review follows within a
        // second (the owner's own review.changed event; the page no longer polls).
        m.press("button.playing-card[value='13']", Keys.ENTER);
        m.waitText("#my-estimate", "Your estimate: 13");
        o.until(d -> o.text("#review-average").equals("13"), java.time.Duration.ofSeconds(1));
        assertThat(o.text("#progress")).contains("2 of 2");

        // Lock: the form comes pre-filled with the suggestion.
        assertThat(new Select(o.id("lock-value")).getFirstSelectedOption().getText()).isEqualTo("13");
        o.click("#lock");
        m.waitText("#final-estimate", "Final estimate 13");
        o.waitText("#final-estimate", "13");
        assertThat(m.has("button.playing-card")).isFalse();
        assertNotReloaded(o);
        assertNotReloaded(m);
        // The individual estimates are gone: only the final estimate is kept.
        owner.req().get(Api.group(group) + "/issues/" + issue.substring(issue.lastIndexOf('/') + 1) + "/review")
                .then().statusCode(409);

        m.click(".crumbs a[href^='/group/']");
        m.waitText("#issues", "Final: 13");
    }

    @Test
    void theTimerCountsDownForEveryoneAndStartingOverClearsTheRound() {
        Round r = Round.of("Tina", "Tom", "EST-T");
        Browser o = openAs(r.owner(), r.path());
        Browser m = openAs(r.member(), r.path());

        m.click("button.playing-card[value='5']");
        o.waitText("#progress", "1 of 2");
        // Changing one's card replaces it: still one estimate.
        m.click("button.playing-card[value='8']");
        m.waitText("#my-estimate", "Your estimate: 8");
        // A changed card is not announced to the members; the owner's review follows it.
        o.waitText("#review-suggested", "8");
        assertThat(o.text("#progress")).contains("1 of 2");

        o.fill("timer-seconds", "90").click("#start-timer");
        m.until(d -> m.has("#timer [data-ends-at]") && m.text("#timer").matches("(?s).*1:[0-2]\\d.*"));
        o.waitText("#timer", "Time left");

        o.click("#restart");
        o.confirm();
        m.waitText("#progress", "0 of 2");
        m.waitText("#my-estimate", "You have not estimated yet");
        o.waitText("#review-message", "More estimates are required");
    }

    /** How often the page has fetched its live part since it was opened (the browser's resource timing). */
    private static long fragmentFetches(Browser b) {
        return (Long) b.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('fragment=live')).length");
    }

    @Test
    void aCardSetsTheCountsWithoutRenderingAndAFieldBeingTypedInSurvivesTheOwnersUpdate() {
        Round r = Round.of("Fay", "Finn", "EST-F");
        Browser o = openAs(r.owner(), r.path());
        Browser m = openAs(r.member(), r.path());
        Browser list = openAs(r.member(), r.groupPath());
        long issuePageFetches = fragmentFetches(m);
        long groupPageFetches = fragmentFetches(list);

        // The owner is typing a timer's length when the member's card arrives. (A mark on the element
        // tells whether it is still the same one: replacing the HTML would lose it, and with it the caret.)
        o.fill("timer-seconds", "45");
        o.script("document.getElementById('timer-seconds').kept = true");
        m.click("button.playing-card[value='8']");
        m.waitText("#my-estimate", "Your estimate: 8");
        // The owner's review follows (review.changed: the owner's page fetches its live part and morphs
        // into it)...
        o.waitText("#review-suggested", "8");
        assertThat(o.text("#progress")).contains("1 of 2");
        // ...and the field is the same element, with what was typed and the focus.
        assertThat(o.script("return document.getElementById('timer-seconds').kept === true")).isEqualTo(true);
        assertThat(o.script("return document.activeElement.id")).isEqualTo("timer-seconds");
        assertThat(o.script("return document.getElementById('timer-seconds').value")).isEqualTo("45");

        // The owner's card, the same as the member's (so the review keeps its rows): every page sets
        // what changed from the events, the count and the owner's review, without fetching anything.
        long ownerFetches = fragmentFetches(o);
        r.owner().req().body(Map.of("value", "8")).put(Api.group(r.group()) + "/issues/" + r.issue() + "/estimate")
                .then().statusCode(204);
        o.waitText("#review-count", "2");
        assertThat(o.text("#review-consensus")).isEqualTo("yes");
        assertThat(o.text("#review-average")).isEqualTo("8");
        assertThat(o.attribute("#distribution meter", "value")).isEqualTo("2");
        assertThat(o.text("#progress")).contains("2 of 2");
        assertThat(fragmentFetches(o)).isEqualTo(ownerFetches);
        m.waitText("#progress", "2 of 2");
        assertThat(m.attribute("progress", "value")).isEqualTo("2");
        assertThat(m.text("#announce")).isEqualTo("2 of 2 estimates submitted");
        list.waitText("#issues", "2 of 2 estimated");
        // The member's own card fetched the issue page once (its form's answer); the count events nothing.
        assertThat(fragmentFetches(m)).isEqualTo(issuePageFetches + 1);
        assertThat(fragmentFetches(list)).isEqualTo(groupPageFetches);

        // A structural change (a new issue) is still fetched, and the list shows it.
        Api.addIssue(r.owner(), r.group(), "EST-G");
        list.waitText("#issues", "EST-G");
        assertThat(fragmentFetches(list)).isGreaterThan(groupPageFetches);
    }

    @Test
    void revealShowsMembersTheAggregateAndNamesOnlyInOpenMode() {
        Round r = Round.of("Rae", "Ray", "EST-R");
        Browser o = openAs(r.owner(), r.path());
        Browser m = openAs(r.member(), r.path());
        assertThat(m.text("#reveal-style")).startsWith("Anonymous round");
        m.click("button.playing-card[value='3']");
        o.waitText("#progress", "1 of 2");

        o.click("#reveal");
        m.waitText("#revealed", "revealed");
        m.waitText("#review-count", "1");
        assertThat(m.has("#votes")).isFalse(); // anonymous mode: the aggregate only

        // A switch to open mode leaves the round its first card was given in anonymous...
        Api.settings(r.owner(), r.group(), Map.of("revealMode", "OPEN"));
        m.waitText("#reveal-style", "Anonymous round");
        assertThat(m.has("#votes")).isFalse();
        // ...and the next round tells the member, before the card, that names will be shown.
        r.owner().req().post(Api.group(r.group()) + "/issues/" + r.issue() + "/restart").then().statusCode(204);
        m.waitText("#progress", "0 of 2");
        m.waitText("#reveal-style", "Open round: after the reveal, everyone sees each card with the name");
        assertThat(m.text("#my-estimate")).contains("shown with your name");
        m.click("button.playing-card[value='3']");
        o.waitText("#progress", "1 of 2");
        o.click("#reveal");
        m.waitText("#votes", "Ray: 3");
    }

    @Test
    void leavingAsksFirstAndLeavesTheCardInTheRound() {
        Round r = Round.of("Lea", "Leo", "EST-L");
        Browser o = openAs(r.owner(), r.path());
        Browser m = openAs(r.member(), r.path());
        m.click("button.playing-card[value='21']");
        o.waitText("#progress", "1 of 2");

        m.go("/");
        assertThat(m.text("#joined-groups")).contains(r.group()).contains("voter");
        assertThat(m.has("#owned-groups")).isFalse();
        m.go("/group/" + Links.segment(r.group())).click("#leave-group");
        m.dismiss();
        assertThat(m.text("#group-name")).isEqualTo(r.group()); // still there
        m.click("#leave-group");
        m.confirm();
        m.waitText("h1", "Your groups");
        assertThat(m.text("#no-groups")).contains("not in any group");

        // The card stays in the round (a falling count would tell what it was): one card, one voter now.
        o.waitText("#progress", "1 of 1");
    }

    @Test
    void aPageThatLostItsConnectionCatchesUpWhenItIsBack() throws Exception {
        Round r = Round.of("Nia", "Ned", "EST-N");
        try (DropProxy tunnel = new DropProxy(base.getPort())) {
            Browser m = memberThrough(tunnel, r);
            m.click("button.playing-card[value='5']");
            m.waitText("#my-estimate", "Your estimate: 5");
            markLoaded(m);

            tunnel.cut();
            m.waitText("#live-status", "Reconnecting");
            // Meanwhile the owner locks the issue: the member's page misses the event...
            r.lock(5);
            tunnel.restore();

            // ...and gets it when the stream resumes, without a reload.
            m.waitText("#final-estimate", "Final estimate 5");
            m.live();
            assertNotReloaded(m);
        }
    }

    @Test
    void aPageWhoseStreamWasRefusedComesBackLiveOnceTheServerAnswersAgain() throws Exception {
        Round r = Round.of("Oda", "Oli", "EST-O");
        try (DropProxy proxy = new DropProxy(base.getPort())) {
            Browser m = memberThrough(proxy, r);
            markLoaded(m);

            // The server goes away behind its proxy, which answers 503 meanwhile: EventSource gives up
            // on a refused stream, and the page's own fetches are refused too.
            proxy.unavailable();
            m.waitText("#live-status", "Offline");
            r.lock(5);
            Thread.sleep(3000); // the page tries at least once while the proxy still refuses
            assertNotReloaded(m);
            proxy.restore();

            // Back: the page catches up and goes live again by itself, without a reload (which would
            // have shown the proxy's error page while it refused).
            m.until(d -> m.text("#final-estimate").contains("Final estimate 5"), java.time.Duration.ofSeconds(30));
            m.until(d -> m.text("#live-status").contains("Live"), java.time.Duration.ofSeconds(10));
            assertNotReloaded(m);
        }
    }

    /** The round's member on the issue's page, live, reaching the application through the proxy. */
    private static Browser memberThrough(DropProxy proxy, Round r) {
        return Browser.open("http://localhost:" + proxy.port()).signIn(r.member()).go(r.path()).live();
    }

    /** Marks the page, so that {@link #assertNotReloaded} can tell it is still the same one. */
    private static void markLoaded(Browser b) {
        b.script("window.notReloaded = true");
    }

    private static void assertNotReloaded(Browser b) {
        assertThat(b.script("return window.notReloaded === true")).isEqualTo(true);
    }
}
