package org.estimator.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.anonymous;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.junit.jupiter.api.Test;

/**
 * Sign-in limits stop guessers, not the account's owner: counted before the password is checked
 * (so parallel guesses cannot slip past), per client behind the trusted proxy (the rightmost
 * forwarded hop, which a client cannot forge), and never against a browser that signed in before.
 */
@QuarkusTest
@TestProfile(ThrottlingTest.Limits.class)
class ThrottlingTest {

    public static class Limits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("estimator.limits.login-failures-per-account", "5",
                    "estimator.limits.login-failures-per-client", "20",
                    "estimator.web.trusted-proxies", "127.0.0.1,::1");
        }
    }

    private static int nextClient = 1;

    /** A client address of its own for each test, as the trusted proxy (the test) reports it. */
    private static synchronized String client() {
        return "203.0.113." + nextClient++;
    }

    private static Response signIn(String from, String email, String password) {
        return anonymous().header("X-Forwarded-For", from).body(Map.of("email", email, "password", password))
                .post("/rest/v1/session");
    }

    private static List<Integer> parallel(int n, java.util.function.IntFunction<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int at = i;
                answers.add(CompletableFuture.supplyAsync(() -> call.apply(at), pool));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> a : answers) {
                statuses.add(a.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void thirtyParallelWrongPasswordsForOneAccountAreCheckedFiveTimes() throws Exception {
        Api.User victim = Api.register("Victim");
        String from = client();
        List<Integer> statuses = parallel(30,
                i -> signIn(from, victim.email(), "wrong password number " + i).statusCode());
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(25);
    }

    @Test
    void fortyParallelFailuresFromOneClientAreCheckedTwentyTimes() throws Exception {
        String from = client();
        List<Integer> statuses = parallel(40,
                i -> signIn(from, "nobody-" + i + "@example.test", "wrong password").statusCode());
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(20);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(20);
    }

    @Test
    void aClientRotatingItsForwardedForHeaderIsStillOneClient() {
        String from = client();
        int throttled = 0;
        for (int i = 0; i < 25; i++) {
            // The client writes what it likes to the left; the trusted proxy appends the real address.
            Response r = signIn("198.51.100." + i + ", " + from, "nobody-" + i + "@example.test", "wrong password");
            if (r.statusCode() == 429) {
                throttled++;
            }
        }
        assertThat(throttled).isEqualTo(5);
    }

    @Test
    void aGuesserElsewhereDoesNotLockTheOwnerOut() {
        Api.User owner = Api.register("Owner");
        String guesser = client();
        for (int i = 0; i < 6; i++) {
            signIn(guesser, owner.email(), "guess " + i);
        }
        assertThat(signIn(guesser, owner.email(), Api.PASSWORD).statusCode()).as("the guesser, even with the password")
                .isEqualTo(429);
        assertThat(signIn(client(), owner.email(), Api.PASSWORD).statusCode()).as("the owner, from elsewhere")
                .isEqualTo(200);
    }

    /** Behind one NAT: a guesser there locks the address, but a browser that signed in before still gets in. */
    @Test
    void aBrowserThatSignedInBeforeGetsInFromBehindAThrottledAddress() {
        Api.User owner = Api.register("Owner");
        String nat = client();
        String csrf = given().get("/signin").then().statusCode(200).extract().cookie("estimator_csrf");
        Response first = given().redirects().follow(false).header("X-Forwarded-For", nat).cookie("estimator_csrf", csrf)
                .formParam("csrf", csrf).formParam("email", owner.email()).formParam("password", Api.PASSWORD)
                .post("/signin");
        first.then().statusCode(303);
        String device = first.getCookie("estimator_device");
        assertThat(device).isNotBlank();

        for (int i = 0; i < 25; i++) {
            signIn(nat, "someone-" + i + "@example.test", "wrong password"); // a colleague's guessing
        }
        assertThat(signIn(nat, owner.email(), Api.PASSWORD).statusCode()).as("without the device cookie")
                .isEqualTo(429);
        given().redirects().follow(false).header("X-Forwarded-For", nat).cookie("estimator_csrf", csrf)
                .cookie("estimator_device", device).formParam("csrf", csrf).formParam("email", owner.email())
                .formParam("password", Api.PASSWORD).post("/signin").then().statusCode(303);
    }

    /** A password over the maximum is refused without any lookup, with the same answer for every email. */
    @Test
    void anOverlongPasswordGetsTheSameAnswerForAKnownAndAnUnknownEmail() {
        Api.User owner = Api.register("Owner");
        String huge = "x".repeat(5000);
        Response known = signIn(client(), owner.email(), huge);
        Response unknown = signIn(client(), "nobody@example.test", huge);
        assertThat(known.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(known.body().asString()).isEqualTo(unknown.body().asString());
    }
}
