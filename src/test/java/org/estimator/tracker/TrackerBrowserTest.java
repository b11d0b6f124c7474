package org.estimator.tracker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.estimator.web.Links;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The owner connects GitHub (played on loopback), previews, imports, locks, and follows the write-back. */
@QuarkusTest
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class TrackerBrowserTest {

    static final Path GALLERY = Path.of("target", "gallery");
    static WireMockServer tracker;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void start() {
        tracker = PlayedTracker.start();
    }

    @AfterAll
    static void stop() {
        tracker.stop();
    }

    @Test
    void theOwnerConnectsGitHubImportsAndSeesTheFinalEstimateWrittenBack() {
        String repo = "/repos/example-org/example-app";
        tracker.stubFor(get(urlPathEqualTo(repo)).willReturn(okJson("{\"full_name\": \"example-org/example-app\"}")));
        tracker.stubFor(get(urlPathEqualTo(repo + "/issues")).willReturn(okJson("[{\"number\": 42, \"title\": "
                + "\"Export keeps the backlog order\", \"body\": \"CSV and JSON\", \"html_url\": "
                + "\"https://github.com/example-org/example-app/issues/42\"}, {\"number\": 57, \"title\": "
                + "\"Timer <b>stops</b>\", \"html_url\": \"https://github.com/example-org/example-app/issues/57\", "
                + "\"labels\": [{\"name\": \"estimate: 5\"}]}]")));
        tracker.stubFor(get(urlPathEqualTo(repo + "/issues/42/labels")).willReturn(okJson("[]")));
        tracker.stubFor(post(urlPathEqualTo(repo + "/issues/42/labels")).willReturn(aResponse().withStatus(502)));

        Api.User owner = Api.register("Octavia");
        String group = Api.createGroup(owner);
        Browser o = Browser.open(base.toString()).signIn(owner).go("/group/" + Links.segment(group));
        o.click("#tracker-link");
        o.waitText("#connect-title", "Connect a tracker");
        o.chooseValue("tracker-kind", "GITHUB");
        o.fill("tracker-url", PlayedTracker.url(tracker));
        o.fill("tracker-project", "example-org/example-app");
        o.fill("tracker-token", PlayedTracker.TOKEN);
        o.click("#save-connection");
        o.waitText("#connection-title", "Connected to GitHub");
        assertThat(o.attribute("#tracker-token", "value")).isEmpty(); // never shown again
        assertThat(o.driver.getPageSource()).doesNotContain(PlayedTracker.TOKEN);

        o.click("#test-connection");
        o.waitText("#test-result", "Connected to GitHub: example-org/example-app");

        o.click("#preview");
        o.waitText("#preview-summary", "2 found, 2 new to this group.");
        assertThat(o.text("#preview-list")).contains("#42").contains("Timer <b>stops</b>").contains("has an estimate");
        o.fullScreenshot(GALLERY.resolve("tracker-owner.png"));

        o.click("#tracker-import input[name=skipEstimated]");
        o.click("#import-now");
        o.waitText("#tracker-import .form-status", "1 added; 0 already in the group; 1 left out for their estimate");

        o.go("/group/" + Links.segment(group)).live();
        o.waitText("#issues", "#42");
        o.click("#issues a.story");
        o.waitText("#story-ref", "#42");
        o.live();
        assertThat(o.attribute("#issue-link", "href"))
                .isEqualTo("https://github.com/example-org/example-app/issues/42");
        o.chooseValue("lock-value", "8");
        o.click("#lock");
        // GitHub fails at first: the lock stands and the page says what happened, without a reload.
        o.waitText("#final-estimate", "8");
        o.waitText("#write-back", "Not yet written to GitHub: GitHub answered 502");
        assertThat(o.text("#write-back")).contains("Next try at");

        tracker.stubFor(post(urlPathEqualTo(repo + "/issues/42/labels")).willReturn(okJson("[]")));
        o.click("#retry-write-back");
        o.waitText("#write-back", "Written to GitHub.");
        tracker.verify(postRequestedFor(urlPathEqualTo(repo + "/issues/42/labels")));
    }
}
