package org.estimator.tracker;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.db.Database;
import org.estimator.support.Api;
import org.estimator.support.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrackerConnectionTest {

    static WireMockServer tracker;

    @Inject
    Database db;

    @BeforeAll
    static void start() {
        tracker = PlayedTracker.start();
        tracker.stubFor(get(urlPathEqualTo("/repos/example-org/example-app"))
                .willReturn(okJson("{\"full_name\": \"example-org/example-app\", \"has_issues\": true}")));
    }

    @AfterAll
    static void stop() {
        tracker.stop();
    }

    @Test
    void theTokenIsStoredEncryptedAndNeverShownOrLogged() throws IOException {
        Api.User owner = register("Tracey");
        String name = createGroup(owner);
        owner.req().get(group(name) + "/tracker").then().statusCode(404)
                .body("message", org.hamcrest.Matchers.equalTo("The group has no tracker connection"));
        String body = owner.req().body(Map.of("kind", "github", "baseUrl", PlayedTracker.url(tracker) + "/",
                "project", "example-org/example-app", "query", "ready", "token", PlayedTracker.TOKEN))
                .put(group(name) + "/tracker").then().statusCode(200).body("tracker", org.hamcrest.Matchers.equalTo(
                        "GitHub"))
                .body("baseUrl", org.hamcrest.Matchers.equalTo(PlayedTracker.url(tracker)))
                .body("usable", org.hamcrest.Matchers.equalTo(true)).body("token", nullValue()).extract().asString();
        assertThat(body).doesNotContain(PlayedTracker.TOKEN);
        assertThat(owner.req().get(group(name) + "/tracker").then().statusCode(200).extract().asString())
                .doesNotContain(PlayedTracker.TOKEN).contains("example-org/example-app");

        long groupId = Rows.value(db, Long.class, "select id from estimation_group where name = ?", name);
        String stored = Rows.value(db, String.class, "select token_secret from tracker where group_id = ?", groupId);
        assertThat(stored).startsWith("v1.").doesNotContain(PlayedTracker.TOKEN);

        // The token works: the test call sends it, and the tracker's answer is shown.
        owner.req().post(group(name) + "/tracker/test").then().statusCode(200)
                .body("message", org.hamcrest.Matchers.equalTo("Connected to GitHub: example-org/example-app"));
        tracker.verify(getRequestedFor(urlPathEqualTo("/repos/example-org/example-app"))
                .withHeader("Authorization", equalTo("Bearer " + PlayedTracker.TOKEN))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));

        // The same tracker and address: the token may be left out (and is kept); another address needs one.
        owner.req().body(Map.of("kind", "GITHUB", "baseUrl", PlayedTracker.url(tracker), "project",
                "example-org/example-app", "query", "ready,backend")).put(group(name) + "/tracker").then()
                .statusCode(200).body("query", org.hamcrest.Matchers.equalTo("ready,backend"));
        assertThat(Rows.value(db, String.class, "select token_secret from tracker where group_id = ?", groupId))
                .isEqualTo(stored);
        owner.req().body(Map.of("kind", "GITHUB", "baseUrl", "http://127.0.0.1:9", "project",
                "example-org/example-app")).put(group(name) + "/tracker").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.equalTo("token is required"));

        assertThat(Files.readString(Path.of("target/estimator-test.log"))).doesNotContain(PlayedTracker.TOKEN);
        // The key was made on first use, readable by the service's user only.
        assertThat(java.nio.file.Files.getPosixFilePermissions(Path.of("target/estimator-test.key")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        owner.req().delete(group(name) + "/tracker").then().statusCode(204);
        owner.req().delete(group(name) + "/tracker").then().statusCode(404);
    }

    @Test
    void onlyTheOwnerSeesOrUsesTheConnection() {
        Api.User owner = register("Olga");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "GITHUB", "project", "example-org/example-app");
        Api.User member = member(owner, name, "Milo");
        Api.User stranger = register("Stan");
        Api.User otherOwner = register("Otto");
        createGroup(otherOwner);
        for (Api.User who : new Api.User[]{member, stranger, otherOwner}) {
            who.req().get(group(name) + "/tracker").then().statusCode(403);
            who.req().body(Map.of("kind", "GITHUB", "project", "a/b", "token", "x")).put(group(name) + "/tracker")
                    .then().statusCode(403);
            who.req().post(group(name) + "/tracker/test").then().statusCode(403);
            who.req().post(group(name) + "/tracker/preview").then().statusCode(403);
            who.req().post(group(name) + "/tracker/import").then().statusCode(403);
            who.req().delete(group(name) + "/tracker").then().statusCode(403);
        }
        Api.anonymous().get(group(name) + "/tracker").then().statusCode(401);
        owner.req().get(group(name) + "/tracker").then().statusCode(200);
    }

    @Test
    void addressesTheServerMustNotCallAreRefused() {
        Api.User owner = register("Sid");
        String name = createGroup(owner);
        Map<String, String> refused = Map.of(
                "https://localhost", "resolves to a loopback, private or link-local address",
                "https://10.20.30.40", "resolves to a loopback, private or link-local address (10.20.30.40)",
                "https://169.254.169.254", "(169.254.169.254)",
                "https://[::1]", "resolves to a loopback, private or link-local address",
                "https://[fd12::1]", "resolves to a loopback, private or link-local address",
                "http://gitlab.example.com", "over https only",
                "ftp://gitlab.example.com", "over https only",
                "https://user:secret@gitlab.example.com", "no user, query or fragment",
                "https://gitlab.example.com/?a=b", "no user, query or fragment");
        refused.forEach((url, why) -> owner.req()
                .body(Map.of("kind", "GITLAB", "baseUrl", url, "project", "team/app", "token", "t"))
                .put(group(name) + "/tracker").then().statusCode(400)
                .body("message", containsString("baseUrl")).body("message", containsString(why)));
        // Jira has no public default: its address is required; bad projects, emails and fields are named.
        owner.req().body(Map.of("kind", "JIRA_CLOUD", "project", "SHOP", "token", "t", "email", "a@b.c"))
                .put(group(name) + "/tracker").then().statusCode(400)
                .body("message", containsString("baseUrl is required for Jira"));
        owner.req().body(Map.of("kind", "JIRA_CLOUD", "baseUrl", PlayedTracker.url(tracker), "project", "SHOP",
                "token", "t")).put(group(name) + "/tracker").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.equalTo("email is required"));
        owner.req().body(Map.of("kind", "JIRA_DATA_CENTER", "baseUrl", PlayedTracker.url(tracker), "project", "SHOP",
                "token", "t", "pointsField", "Story Points")).put(group(name) + "/tracker").then().statusCode(400)
                .body("message", containsString("customfield_10016"));
        owner.req().body(Map.of("kind", "GITHUB", "project", "no-slash", "token", "t")).put(group(name) + "/tracker")
                .then().statusCode(400).body("message", containsString("owner/name"));
        owner.req().body(Map.of("kind", "TRELLO", "project", "x", "token", "t")).put(group(name) + "/tracker")
                .then().statusCode(400).body("message", containsString("kind must be one of"));
        owner.req().body(Map.of("kind", "GITHUB", "project", "a/b", "token", "two words"))
                .put(group(name) + "/tracker").then().statusCode(400).body("message", containsString("token"));
        // A public default (github.com) is saved without calling it.
        owner.req().body(Map.of("kind", "GITHUB", "project", "a/b", "token", "t")).put(group(name) + "/tracker")
                .then().statusCode(200).body("baseUrl", org.hamcrest.Matchers.equalTo("https://api.github.com"));
    }

    @Test
    void afterAHandOverTheConnectionWaitsForTheNewOwnersOwnToken() {
        Api.User owner = register("Hana");
        String name = createGroup(owner);
        PlayedTracker.connect(owner, name, tracker, "GITHUB", "project", "example-org/example-app");
        Api.User next = member(owner, name, "Nils");
        owner.req().body(Map.of("userId", Api.userId(next))).post(group(name) + "/owner").then().statusCode(204);

        next.req().get(group(name) + "/tracker").then().statusCode(200).body("usable",
                org.hamcrest.Matchers.equalTo(false)).body("problem", containsString("former owner"));
        next.req().post(group(name) + "/tracker/test").then().statusCode(409)
                .body("message", containsString("former owner"));
        next.req().post(group(name) + "/tracker/import").then().statusCode(409);
        // The former owner's token is not theirs to keep: saving needs a token of their own.
        next.req().body(Map.of("kind", "GITHUB", "baseUrl", PlayedTracker.url(tracker), "project",
                "example-org/example-app", "query", "mine")).put(group(name) + "/tracker").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.equalTo("token is required"));
        PlayedTracker.connect(next, name, tracker, "GITHUB", "project", "example-org/example-app");
        next.req().post(group(name) + "/tracker/test").then().statusCode(200);
        owner.req().get(group(name) + "/tracker").then().statusCode(403);
    }

    @Test
    void aValueSealedForOneGroupDoesNotOpenInAnother() {
        Api.User owner = register("Vera");
        String first = createGroup(owner);
        String second = createGroup(owner);
        PlayedTracker.connect(owner, first, tracker, "GITHUB", "project", "example-org/example-app");
        PlayedTracker.connect(owner, second, tracker, "GITHUB", "project", "example-org/example-app");
        long firstId = Rows.value(db, Long.class, "select id from estimation_group where name = ?", first);
        long secondId = Rows.value(db, Long.class, "select id from estimation_group where name = ?", second);
        String sealed = Rows.value(db, String.class, "select token_secret from tracker where group_id = ?", firstId);
        Rows.update(db, "update tracker set token_secret = ? where group_id = ?", sealed, secondId);
        owner.req().post(group(second) + "/tracker/test").then().statusCode(409)
                .body("message", containsString("cannot be read")).body("message", not(containsString(sealed)));
        owner.req().post(group(first) + "/tracker/test").then().statusCode(200);
    }
}
