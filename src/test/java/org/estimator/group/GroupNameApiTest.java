package org.estimator.group;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import org.estimator.support.Names;
import org.estimator.web.Links;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Group names: any Unicode and hostile text round-trips verbatim; bad names get 400; races are decided once. */
@QuarkusTest
class GroupNameApiTest {

    /** Sends the path exactly as given: names are percent-encoded here, like a real client does. */
    private static Response send(String method, String name) {
        return given().urlEncodingEnabled(false)
                .request(method, "/rest/v1/group/" + Links.segment(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Équipe café ☕", "名前のグループ", "Команда", "🚀🚀 launch", "a/b", "a%2Fb", "100% \"quoted\"",
            "'; DROP TABLE estimation_group; --", "<script>alert(1)</script>", "?x=1#frag", "a+b c", "back\\slash",
            "..hidden", "مرحبا"
    })
    void unicodeAndHostileNamesRoundTripVerbatim(String base) {
        String name = base + " " + Names.unique("n");
        Response created = send("POST", name);
        assertThat(created.statusCode()).as(created.body().asString()).isEqualTo(201);

        // Following the Location header returns the same group.
        String location = created.header("Location");
        given().urlEncodingEnabled(false).get(URI.create(location))
                .then().statusCode(200).body("groupname", equalTo(name));
        send("GET", name).then().statusCode(200).body("groupname", equalTo(name));
        send("POST", name).then().statusCode(400).body("message", equalTo("Group already exists"));
    }

    @Test
    void sixtyFourCharactersAreAcceptedAndSixtyFiveRefused() {
        String suffix = Names.unique("");
        String ok = "😀".repeat(64 - suffix.length()) + suffix; // 64 code points, more UTF-16 units
        send("POST", ok).then().statusCode(201);
        send("GET", ok).then().statusCode(200).body("groupname", equalTo(ok));

        String tooLong = "x" + ok;
        send("POST", tooLong).then().statusCode(400)
                .header("Content-Type", "application/json")
                .body("message", equalTo("Group name must be at most 64 characters"));
        send("GET", tooLong).then().statusCode(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "   ", "\t", " padded", "padded ", "nul\u0000byte", "bell\u0007"})
    void blankPaddedAndControlNamesAreRefused(String name) {
        Response response = send("POST", name);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.jsonPath().getString("message")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void dotSegmentsNeverReachTheGroupAndAnswerJson404(String name) {
        // HTTP normalises dot segments away, so these are paths without a name.
        send("POST", name).then().statusCode(404).header("Content-Type", "application/json");
    }

    @Test
    void fiftySimultaneousCreationsOfOneNameGiveExactlyOneCreated() throws Exception {
        String name = Names.unique("race");
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Callable<Integer> post = () -> {
                    start.await();
                    return send("POST", name).statusCode();
                };
                results.add(pool.submit(post));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 400).hasSize(n - 1);
        } finally {
            pool.shutdownNow();
        }
        send("GET", name).then().statusCode(200);
    }

    @Test
    void refusedCreationsDoNotTakeSimultaneousGoodOnesWithThem() throws Exception {
        // On SQLite concurrent writes are committed together; a taken name must fail alone.
        String taken = Names.unique("taken");
        send("POST", taken).then().statusCode(201);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add(i % 2 == 0 ? taken : Names.unique("fresh"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String name : names) {
                results.add(pool.submit(() -> {
                    start.await();
                    return send("POST", name).statusCode();
                }));
            }
            start.countDown();
            for (int i = 0; i < names.size(); i++) {
                assertThat(results.get(i).get()).as(names.get(i)).isEqualTo(i % 2 == 0 ? 400 : 201);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 1; i < names.size(); i += 2) {
            send("GET", names.get(i)).then().statusCode(200);
        }
    }

    @Test
    void unknownPathsAnswerJson404() {
        given().get("/rest/v1/nothing/here").then().statusCode(404)
                .header("Content-Type", "application/json").body("message", notNullValue());
        given().get("/rest/nothing").then().statusCode(404)
                .header("Content-Type", "application/json").body("message", notNullValue());
        given().get("/rest/v1/group/").then().statusCode(404)
                .header("Content-Type", "application/json").body("message", notNullValue());
    }

    @Test
    void wrongMethodAnswersJson405() {
        given().patch("/rest/v1/group/" + Names.unique("m")).then().statusCode(405)
                .header("Content-Type", "application/json").body("message", equalTo("Method not allowed"));
    }

    @Test
    void oversizedBodyAnswersJson413() {
        given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("application/json").body("{\"x\":\"" + "a".repeat(2_000_000) + "\"}")
                .post("/rest/v1/group/" + Names.unique("big")).then().statusCode(413)
                .header("Content-Type", "application/json").body("message", equalTo("Request body too large"));
    }

    @Test
    void errorsNeverCarryStackTracesOrHtml() {
        String body = given().accept("text/html").get("/rest/v1/nothing").then().statusCode(404)
                .extract().body().asString();
        assertThat(body).startsWith("{").doesNotContain("<html").doesNotContain("Exception").doesNotContain("at org.");
    }
}
