package org.estimator.tracker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Previews and imports through each tracker's REST API, played as its documentation describes it:
 * the requests Estimator sends (path, query, authentication), paging, and the tracker's failures.
 */
@QuarkusTest
class TrackerImportTest {

    static WireMockServer tracker;

    @BeforeAll
    static void start() {
        tracker = PlayedTracker.start();
    }

    @BeforeEach
    void reset() {
        tracker.resetAll();
    }

    @AfterAll
    static void stop() {
        tracker.stop();
    }

    /** A page of GitHub issues numbered from..to (the pull request among them is left out). */
    private static String githubPage(int from, int to, int pullRequest) {
        List<String> items = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            items.add("{\"number\": " + n + ", \"title\": \"Story " + n + "\", \"body\": \"Body of " + n
                    + "\", \"html_url\": \"https://github.com/example-org/example-app/issues/" + n + "\", \"labels\": "
                    + (n == from + 1 ? "[{\"name\": \"estimate: 3\"}]" : "[{\"name\": \"ready\"}]")
                    + (n == pullRequest ? ", \"pull_request\": {\"url\": \"x\"}" : "") + "}");
        }
        return "[" + String.join(",", items) + "]";
    }

    @Test
    void gitHubIssuesAreReadPageByPageWithoutPullRequestsAndImportedOnce() {
        Api.User owner = register("Gina");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "GITHUB", "project", "example-org/example-app", "query",
                "ready,backend", "milestone", "Sprint 7");
        tracker.stubFor(get(urlPathEqualTo("/repos/example-org/example-app/milestones"))
                .willReturn(okJson(
                        "[{\"number\": 3, \"title\": \"Sprint 6\"}, {\"number\": 4, \"title\": \"sprint 7\"}]")));
        tracker.stubFor(
                get(urlPathEqualTo("/repos/example-org/example-app/issues"))
                        .withQueryParam("page", WireMock.equalTo("1"))
                        .willReturn(okJson(githubPage(1, 100, 50))));
        tracker.stubFor(
                get(urlPathEqualTo("/repos/example-org/example-app/issues"))
                        .withQueryParam("page", WireMock.equalTo("2"))
                        .willReturn(okJson(githubPage(101, 103, 0))));

        owner.req().post(group(name) + "/tracker/preview").then().statusCode(200).body("issues", hasSize(102))
                .body("more", equalTo(false)).body("issues[0].storyRef", equalTo("#1"))
                .body("issues[0].description", equalTo("Story 1\n\nBody of 1"))
                .body("issues[0].link", equalTo("https://github.com/example-org/example-app/issues/1"))
                .body("issues[1].estimated", equalTo(true)).body("issues[0].known", equalTo(false));
        tracker.verify(getRequestedFor(urlPathEqualTo("/repos/example-org/example-app/issues"))
                .withQueryParam("state", WireMock.equalTo("open"))
                .withQueryParam("labels", WireMock.equalTo("ready,backend"))
                .withQueryParam("milestone", WireMock.equalTo("4")).withQueryParam("per_page", WireMock.equalTo("100"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + PlayedTracker.TOKEN)));

        owner.req().post(group(name) + "/tracker/import?skipEstimated=true").then().statusCode(201)
                .body("created", equalTo(100)).body("estimated", equalTo(2));
        owner.req().post(group(name) + "/tracker/import").then().statusCode(201).body("created", equalTo(2))
                .body("known", equalTo(100));
        owner.req().post(group(name) + "/tracker/import").then().statusCode(200).body("created", equalTo(0));
        owner.req().post(group(name) + "/tracker/preview").then().statusCode(200).body("issues[0].known",
                equalTo(true));
        owner.req().get(group(name) + "/issues").then().body("$", hasSize(102)).body("[0].link",
                equalTo("https://github.com/example-org/example-app/issues/1"));
    }

    @Test
    void gitLabIssuesFollowTheNextPageHeaderAndTheirWeights() {
        Api.User owner = register("Gil");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "GITLAB", "project", "team/sub/estimator", "query", "backend");
        tracker.stubFor(get(urlPathEqualTo("/api/v4/projects/team%2Fsub%2Festimator"))
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo(PlayedTracker.TOKEN))
                .willReturn(okJson("{\"id\": 7, \"path_with_namespace\": \"team/sub/estimator\"}")));
        tracker.stubFor(get(urlPathEqualTo("/api/v4/projects/team%2Fsub%2Festimator/issues"))
                .withQueryParam("page", WireMock.equalTo("1"))
                .willReturn(okJson("[{\"iid\": 12, \"title\": \"Sign in\", "
                        + "\"description\": \"With SSO\", \"web_url\": \"https://gitlab.example.com/t/e/-/issues/12\", "
                        + "\"weight\": null}]").withHeader("X-Next-Page", "2")));
        tracker.stubFor(get(urlPathEqualTo("/api/v4/projects/team%2Fsub%2Festimator/issues"))
                .withQueryParam("page", WireMock.equalTo("2"))
                .willReturn(okJson("[{\"iid\": 13, \"title\": \"Translate\", "
                        + "\"description\": null, \"web_url\": \"https://gitlab.example.com/t/e/-/issues/13\", "
                        + "\"weight\": 3}]").withHeader("X-Next-Page", "")));

        owner.req().post(group(name) + "/tracker/test").then().statusCode(200)
                .body("message", equalTo("Connected to GitLab: team/sub/estimator"));
        owner.req().post(group(name) + "/tracker/import").then().statusCode(201).body("created", equalTo(2));
        tracker.verify(getRequestedFor(urlPathEqualTo("/api/v4/projects/team%2Fsub%2Festimator/issues"))
                .withQueryParam("state", WireMock.equalTo("opened"))
                .withQueryParam("labels", WireMock.equalTo("backend")));
        owner.req().get(group(name) + "/issues").then().body("storyRef", contains("#12", "#13"))
                .body("[1].description", equalTo("Translate"));
    }

    @Test
    void jiraCloudSearchesByJqlPagedByTokenWithItsDocumentFormatAndFindsTheStoryPointsField() {
        Api.User owner = register("Jiri");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "JIRA_CLOUD", "project", "shop", "email", "jiri@example.com");
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString(("jiri@example.com:" + PlayedTracker.TOKEN).getBytes(StandardCharsets.UTF_8));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/myself")).withHeader("Authorization", WireMock.equalTo(basic))
                .willReturn(okJson("{\"displayName\": \"Jiri Novak\"}")));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/project/SHOP"))
                .willReturn(okJson("{\"key\": \"SHOP\", \"name\": \"Shop\"}")));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/field")).willReturn(okJson(
                "[{\"id\": \"summary\", \"name\": \"Summary\"}, {\"id\": \"customfield_10028\", \"name\": \"Story Points\"},"
                        + " {\"id\": \"customfield_10016\", \"name\": \"Story point estimate\"}]")));
        String adf = "{\"type\": \"doc\", \"version\": 1, \"content\": [{\"type\": \"paragraph\", \"content\": ["
                + "{\"type\": \"text\", \"text\": \"Pay with a \"}, {\"type\": \"text\", \"text\": \"saved card\", "
                + "\"marks\": [{\"type\": \"strong\"}]}]}, {\"type\": \"bulletList\", \"content\": ["
                + "{\"type\": \"listItem\", \"content\": [{\"type\": \"paragraph\", \"content\": [{\"type\": \"text\", "
                + "\"text\": \"last four digits\"}]}]}, {\"type\": \"listItem\", \"content\": [{\"type\": "
                + "\"paragraph\", \"content\": [{\"type\": \"text\", \"text\": \"CVC only\"}]}]}]}]}";
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("nextPageToken", absent())
                .willReturn(okJson("{\"issues\": [{\"key\": \"SHOP-101\", \"fields\": {\"summary\": \"Checkout\", "
                        + "\"description\": " + adf + ", \"customfield_10016\": null}}], \"nextPageToken\": \"p2\", "
                        + "\"isLast\": false}")));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .withQueryParam("nextPageToken", WireMock.equalTo("p2"))
                .willReturn(okJson("{\"issues\": [{\"key\": \"SHOP-102\", \"fields\": {\"summary\": \"Refund\", "
                        + "\"description\": null, \"customfield_10016\": 5}}], \"isLast\": true}")));

        owner.req().post(group(name) + "/tracker/test").then().statusCode(200).body("message", equalTo(
                "Connected to Jira as Jiri Novak: project SHOP (Shop), story points in customfield_10016"));
        owner.req().get(group(name) + "/tracker").then().body("pointsField", equalTo("customfield_10016"));
        owner.req().post(group(name) + "/tracker/preview").then().statusCode(200)
                .body("issues.storyRef", contains("SHOP-101", "SHOP-102"))
                .body("issues[0].description",
                        equalTo("Checkout\n\nPay with a saved card\n\n- last four digits\n- CVC only"))
                .body("issues[0].link", equalTo(PlayedTracker.url(tracker) + "/browse/SHOP-101"))
                .body("issues.estimated", contains(false, true));
        tracker.verify(getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))
                .withQueryParam("jql",
                        WireMock.equalTo("project = \"SHOP\" AND statusCategory != Done ORDER BY Rank ASC"))
                .withQueryParam("fields", WireMock.equalTo("summary,description,customfield_10016"))
                .withHeader("Authorization", WireMock.equalTo(basic)));
        // The field was looked up once and kept with the connection.
        tracker.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/field")));
    }

    @Test
    void jiraDataCenterPagesByStartAtWithABearerTokenAndTheConnectionsJql() {
        Api.User owner = register("Dana");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "JIRA_DATA_CENTER", "project", "OPS", "query",
                "project = OPS AND sprint in openSprints()", "pointsField", "customfield_10002");
        tracker.stubFor(get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("startAt", WireMock.equalTo("0"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + PlayedTracker.TOKEN))
                .willReturn(
                        okJson("{\"startAt\": 0, \"maxResults\": 100, \"total\": 2, \"issues\": [{\"key\": \"OPS-7\", "
                                + "\"fields\": {\"summary\": \"Rotate credentials\", \"description\": \"Every 90 days\", "
                                + "\"customfield_10002\": 3.0}}]}")));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("startAt", WireMock.equalTo("1"))
                .willReturn(
                        okJson("{\"startAt\": 1, \"maxResults\": 100, \"total\": 2, \"issues\": [{\"key\": \"OPS-8\", "
                                + "\"fields\": {\"summary\": \"Disk alert\", \"description\": null}}]}")));
        owner.req().post(group(name) + "/tracker/import?skipEstimated=true").then().statusCode(201)
                .body("created", equalTo(1)).body("estimated", equalTo(1));
        tracker.verify(getRequestedFor(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", WireMock.equalTo("project = OPS AND sprint in openSprints()")));
        owner.req().get(group(name) + "/issues").then().body("storyRef", contains("OPS-8"));
    }

    @Test
    void theTrackersRefusalsAndLimitsBecomeClearAnswers() {
        Api.User owner = register("Fay");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "GITHUB", "project", "example-org/example-app");
        String repo = "/repos/example-org/example-app";

        tracker.stubFor(get(urlPathEqualTo(repo)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Bad credentials\"}")));
        owner.req().post(group(name) + "/tracker/test").then().statusCode(502)
                .body("message", containsString("GitHub refused the token (401)"));

        tracker.stubFor(get(urlPathEqualTo(repo)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Not Found\"}")));
        owner.req().post(group(name) + "/tracker/test").then().statusCode(502)
                .body("message", containsString("found nothing to read the repository example-org/example-app (404)"))
                .body("message", containsString("Not Found"));

        tracker.stubFor(get(urlPathEqualTo(repo)).willReturn(aResponse().withStatus(500)));
        owner.req().post(group(name) + "/tracker/test").then().statusCode(502)
                .body("message", containsString("GitHub answered 500"));

        // A short rate-limit wait is waited within the call; a long one is passed on with its Retry-After.
        tracker.resetAll();
        tracker.stubFor(get(urlPathEqualTo(repo)).inScenario("limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("waited"));
        tracker.stubFor(get(urlPathEqualTo(repo)).inScenario("limit").whenScenarioStateIs("waited")
                .willReturn(okJson("{\"full_name\": \"example-org/example-app\"}")));
        owner.req().post(group(name) + "/tracker/test").then().statusCode(200);
        tracker.verify(2, getRequestedFor(urlPathEqualTo(repo)));

        tracker.resetAll();
        tracker.stubFor(
                get(urlPathEqualTo(repo)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        owner.req().post(group(name) + "/tracker/test").then().statusCode(503).header("Retry-After", "120")
                .body("message", equalTo("GitHub asks to wait 120 s before the next request (rate limit)"));
        // GitHub's own way: 403 with no requests left until a reset time.
        tracker.stubFor(get(urlPathEqualTo(repo)).willReturn(aResponse().withStatus(403)
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Long.toString(System.currentTimeMillis() / 1000 + 300))));
        String wait = owner.req().post(group(name) + "/tracker/test").then().statusCode(503).extract()
                .header("Retry-After");
        assertThat(Long.parseLong(wait)).isBetween(290L, 300L);

        // Slower than ESTIMATOR_INTEGRATIONS_TIMEOUT (2 s in tests): 504.
        tracker.stubFor(get(urlPathEqualTo(repo)).willReturn(okJson("{}").withFixedDelay(4000)));
        owner.req().post(group(name) + "/tracker/test").then().statusCode(504)
                .body("message", equalTo("GitHub did not answer within 2 s"));

        // Nothing reachable there at all.
        PlayedTracker.connect(owner, name, tracker, "GITHUB", "project", "example-org/example-app");
        owner.req().body(java.util.Map.of("kind", "GITHUB", "baseUrl", "http://127.0.0.1:9", "project",
                "example-org/example-app", "token", "t")).put(group(name) + "/tracker").then().statusCode(200);
        owner.req().post(group(name) + "/tracker/test").then().statusCode(502)
                .body("message", containsString("GitHub cannot be reached at 127.0.0.1"));
        owner.req().delete(group(name) + "/tracker").then().statusCode(204);
        owner.req().post(group(name) + "/tracker/preview").then().statusCode(404);
    }
}
