package org.estimator.tracker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.estimator.support.Api;
import org.estimator.support.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Final estimates written back to the played trackers on lock: what is sent, failures, retries, who sees it. */
@QuarkusTest
class WriteBackTest {

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

    /** A group connected to a played Jira Data Center with one imported issue, OPS-7; returns its id. */
    private static long jiraIssue(Api.User owner, String name) {
        PlayedTracker.connect(owner, name, tracker, "JIRA_DATA_CENTER", "project", "OPS", "pointsField",
                "customfield_10002");
        tracker.stubFor(get(urlPathEqualTo("/rest/api/2/search")).willReturn(okJson("{\"startAt\": 0, \"total\": 1, "
                + "\"issues\": [{\"key\": \"OPS-7\", \"fields\": {\"summary\": \"Rotate credentials\"}}]}")));
        owner.req().post(group(name) + "/tracker/import").then().statusCode(201);
        return owner.req().get(group(name) + "/issues").then().extract().<Number>path("[0].id").longValue();
    }

    private static void lock(Api.User owner, String name, long issue, Object value) {
        owner.req().body(Map.of("value", value)).post(group(name) + "/issues/" + issue + "/lock").then()
                .statusCode(204);
    }

    private static JsonPath awaitState(Api.User owner, String name, long issue, String state) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            last[0] = owner.req().get(group(name) + "/issues/" + issue + "/tracker").then().statusCode(200).extract()
                    .jsonPath();
            return state.equals(last[0].getString("state"));
        });
        return last[0];
    }

    @Test
    void jirasStoryPointsAreWrittenWhenTheOwnerLocksAndOnlyTheOwnerFollowsIt() throws Exception {
        Api.User owner = register("Wanda");
        String name = createGroup(owner);
        Api.User member = member(owner, name, "Walt");
        long issue = jiraIssue(owner, name);
        tracker.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-7")).willReturn(aResponse().withStatus(204)));
        owner.req().get(group(name) + "/issues/" + issue + "/tracker").then().statusCode(404);

        String events = "http://localhost:" + RestAssured.port + group(name) + "/events";
        try (EventStream owners = EventStream.open(events, Map.of("Authorization", "Bearer " + owner.token()));
                EventStream members = EventStream.open(events, Map.of("Authorization", "Bearer " + member.token()))) {
            lock(owner, name, issue, 5);
            JsonPath done = awaitState(owner, name, issue, "DONE");
            assertThat(done.getString("tracker")).isEqualTo("Jira");
            assertThat(done.getString("finalEstimate")).isEqualTo("5");
            assertThat(done.getInt("attempts")).isEqualTo(1);
            tracker.verify(putRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-7"))
                    .withHeader("Authorization", WireMock.equalTo("Bearer " + PlayedTracker.TOKEN))
                    .withRequestBody(equalToJson("{\"fields\": {\"customfield_10002\": 5}}")));
            assertThat(owners.next(e -> "tracker.sync".equals(e.type())).json().get("state").asText())
                    .isIn("DONE");
            members.next(e -> "issue.locked".equals(e.type()));
            assertThat(members.drain(500)).noneMatch(e -> "tracker.sync".equals(e.type()));
        }
        member.req().get(group(name) + "/issues/" + issue + "/tracker").then().statusCode(403);
        member.req().post(group(name) + "/issues/" + issue + "/tracker/retry").then().statusCode(403);
    }

    @Test
    void aFailureKeepsTheLockAndIsRetriedLaterOrByHand() {
        Api.User owner = register("Rhea");
        String name = createGroup(owner);
        long issue = jiraIssue(owner, name);
        tracker.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-7")).willReturn(aResponse().withStatus(503)));
        long before = System.currentTimeMillis();
        lock(owner, name, issue, 8);
        JsonPath pending = awaitState(owner, name, issue, "PENDING");
        await().until(() -> owner.req().get(group(name) + "/issues/" + issue + "/tracker").then().extract()
                .<Integer>path("attempts") == 1);
        pending = owner.req().get(group(name) + "/issues/" + issue + "/tracker").then().extract().jsonPath();
        assertThat(pending.getString("message")).contains("Jira answered 503");
        assertThat(pending.getLong("nextAttemptAt")).isBetween(before + 29_000, System.currentTimeMillis() + 31_000);
        owner.req().get(group(name) + "/issues/" + issue).then().body("state", equalTo("LOCKED"))
                .body("finalEstimate", equalTo("8"));

        // The tracker is back; the owner does not wait for the next attempt.
        tracker.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-7")).willReturn(aResponse().withStatus(204)));
        owner.req().post(group(name) + "/issues/" + issue + "/tracker/retry").then().statusCode(204);
        awaitState(owner, name, issue, "DONE");

        // Asked to wait: the next attempt is no sooner than the tracker says.
        tracker.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-7"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600")));
        owner.req().post(group(name) + "/issues/" + issue + "/tracker/retry").then().statusCode(204);
        await().until(() -> owner.req().get(group(name) + "/issues/" + issue + "/tracker").then().extract()
                .<Integer>path("attempts") == 1);
        long next = owner.req().get(group(name) + "/issues/" + issue + "/tracker").then().body("state",
                equalTo("PENDING")).extract().<Long>path("nextAttemptAt");
        assertThat(next).isGreaterThan(System.currentTimeMillis() + 590_000);

        // A refused token does not get better by waiting: failed at once.
        tracker.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-7")).willReturn(aResponse().withStatus(401)));
        owner.req().post(group(name) + "/issues/" + issue + "/tracker/retry").then().statusCode(204);
        JsonPath failed = awaitState(owner, name, issue, "FAILED");
        assertThat(failed.getString("message")).contains("Jira refused the token (401)");
        assertThat(failed.getString("nextAttemptAt")).isNull();
    }

    @Test
    void gitHubGetsItsEstimateLabelInsteadOfTheOldOneAndACommentWhenAsked() {
        Api.User owner = register("Gus");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "GITHUB", "project", "example-org/example-app", "comment", true);
        String repo = "/repos/example-org/example-app";
        tracker.stubFor(get(urlPathEqualTo(repo + "/issues")).willReturn(okJson(
                "[{\"number\": 42, \"title\": \"Export\", \"html_url\": \"https://github.com/e/a/issues/42\"}]")));
        owner.req().post(group(name) + "/tracker/import").then().statusCode(201);
        long issue = owner.req().get(group(name) + "/issues").then().extract().<Number>path("[0].id").longValue();
        tracker.stubFor(get(urlPathEqualTo(repo + "/issues/42/labels"))
                .willReturn(okJson("[{\"name\": \"estimate: 3\"}, {\"name\": \"bug\"}]")));
        tracker.stubFor(delete(urlPathEqualTo(repo + "/issues/42/labels/estimate%3A%203")).willReturn(okJson("[]")));
        tracker.stubFor(post(urlPathEqualTo(repo + "/issues/42/labels")).willReturn(okJson("[]")));
        tracker.stubFor(post(urlPathEqualTo(repo + "/issues/42/comments")).willReturn(okJson("{}").withStatus(201)));
        lock(owner, name, issue, 8);
        awaitState(owner, name, issue, "DONE");
        tracker.verify(deleteRequestedFor(urlPathEqualTo(repo + "/issues/42/labels/estimate%3A%203")));
        tracker.verify(postRequestedFor(urlPathEqualTo(repo + "/issues/42/labels"))
                .withRequestBody(equalToJson("{\"labels\": [\"estimate: 8\"]}")));
        tracker.verify(postRequestedFor(urlPathEqualTo(repo + "/issues/42/comments"))
                .withRequestBody(WireMock.matchingJsonPath("$.body", WireMock.containing("8"))));
    }

    @Test
    void gitLabTakesAWholeNumberAsItsWeightAndNothingElse() {
        Api.User owner = register("Gwen");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "GITLAB", "project", "team/estimator");
        tracker.stubFor(get(urlPathEqualTo("/api/v4/projects/team%2Festimator/issues"))
                .willReturn(okJson("[{\"iid\": 12, \"title\": \"Sign in\", \"web_url\": \"https://g.example/12\"}]")));
        owner.req().post(group(name) + "/tracker/import").then().statusCode(201);
        long issue = owner.req().get(group(name) + "/issues").then().extract().<Number>path("[0].id").longValue();
        tracker.stubFor(put(urlPathEqualTo("/api/v4/projects/team%2Festimator/issues/12")).willReturn(okJson("{}")));
        lock(owner, name, issue, 13);
        awaitState(owner, name, issue, "DONE");
        tracker.verify(putRequestedFor(urlPathEqualTo("/api/v4/projects/team%2Festimator/issues/12"))
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo(PlayedTracker.TOKEN))
                .withRequestBody(equalToJson("{\"weight\": 13}")));

        // T-shirt sizes are no weight: the write-back stops with the reason, and the lock stands.
        owner.req().post(group(name) + "/issues/" + issue + "/restart").then().statusCode(204);
        Api.settings(owner, name, Map.of("deck", "TSHIRT"));
        tracker.resetRequests();
        lock(owner, name, issue, "XL");
        JsonPath failed = awaitState(owner, name, issue, "FAILED");
        assertThat(failed.getString("message")).contains("XL is not a whole number");
        tracker.verify(0, putRequestedFor(urlPathEqualTo("/api/v4/projects/team%2Festimator/issues/12")));
    }

    @Test
    void aHandOverStopsTheFormerOwnersTokenFromWritingUntilTheNewOwnerSavesTheirs() {
        Api.User owner = register("Ines");
        String name = createGroup(owner);
        long issue = jiraIssue(owner, name);
        tracker.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-7")).willReturn(aResponse().withStatus(204)));
        Api.User next = member(owner, name, "Ivo");
        owner.req().body(Map.of("userId", Api.userId(next))).post(group(name) + "/owner").then().statusCode(204);
        lock(next, name, issue, 3);
        JsonPath failed = awaitState(next, name, issue, "FAILED");
        assertThat(failed.getString("message")).contains("former owner");
        tracker.verify(0, putRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-7")));

        PlayedTracker.connect(next, name, tracker, "JIRA_DATA_CENTER", "project", "OPS", "pointsField",
                "customfield_10002");
        next.req().post(group(name) + "/issues/" + issue + "/tracker/retry").then().statusCode(204);
        awaitState(next, name, issue, "DONE");
        // An issue that did not come through the connection has nothing to write back.
        long typed = Api.addIssue(next, name, "TYPED-1");
        lock(next, name, typed, 2);
        next.req().get(group(name) + "/issues/" + typed + "/tracker").then().statusCode(404)
                .body("message", containsString("not imported through"));
        next.req().post(group(name) + "/issues/" + typed + "/tracker/retry").then().statusCode(404);
    }
}
