package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.Names;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/** Malformed JSON, wrong types, huge bodies, Unicode and markup in every text field. */
@QuarkusTest
class HostileInputTest {

    static final List<String> TEXTS = List.of("<script>alert(1)</script>", "'; DROP TABLE issue; --",
            "Ünïcødé ☕ 名前 🚀", "\"quotes\" & <b>tags</b>", "{{7*7}} ${7*7} #{7*7}");

    @Test
    void markupAndUnicodeRoundTripVerbatimInEveryTextField() {
        for (String text : TEXTS) {
            String nick = text.length() > 32 ? text.substring(0, 32) : text;
            User owner = register(nick);
            owner.req().get("/rest/v1/users/me").then().body("nickname", equalTo(nick.strip()));
            String name = createGroup(owner);
            long issue = owner.req().body(Map.of("storyRef", nick, "description", text + "\nsecond line"))
                    .post(group(name) + "/issues").then().statusCode(201).extract().<Number>path("id").longValue();
            owner.req().get(group(name) + "/issues/" + issue).then()
                    .body("storyRef", equalTo(nick.strip())).body("description", equalTo(text + "\nsecond line"));
            owner.req().get(group(name) + "/members").then().body("[0].nickname", equalTo(nick.strip()));
        }
    }

    @Test
    void malformedAndMistypedBodiesAreRefusedWith400OnEveryJsonRoute() {
        User owner = register("Owner");
        String name = createGroup(owner);
        long issue = addIssue(owner, name, "H-1");
        List<String> routes = List.of("POST /rest/v1/users", "POST /rest/v1/session", "POST /rest/v1/session/guest",
                "POST " + group(name) + "/issues", "PUT " + group(name) + "/issues/" + issue,
                "PUT " + group(name) + "/issues/" + issue + "/estimate",
                "POST " + group(name) + "/issues/" + issue + "/lock",
                "PUT " + group(name) + "/settings", "PUT " + group(name) + "/issues/order",
                "POST " + group(name) + "/members", "POST " + group(name) + "/issues/" + issue + "/timer");
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            for (String body : List.of("{", "not json", "{\"value\": [}", "{\"storyRef\": {\"x\": 1}, \"ids\": \"x\","
                    + " \"seconds\": \"soon\", \"code\": [], \"email\": {}, \"nickname\": [], \"deck\": 5.5, \"userId\": \"x\"}")) {
                Response r = owner.req().body(body).request(parts[0], parts[1]);
                assertThat(r.statusCode()).as(route + " with " + body).isIn(400, 403, 401);
                assertThat(r.header("Content-Type")).isEqualTo("application/json");
                assertThat(r.jsonPath().getString("message")).as(route).isNotBlank();
                assertThat(r.body().asString()).doesNotContain("Exception").doesNotContain("at org.");
            }
        }
    }

    @Test
    void wrongTypesGetA400NamingTheField() {
        User owner = register("Typer");
        String name = createGroup(owner);
        long issue = addIssue(owner, name, "T-1");
        owner.req().body("{\"seconds\": \"soon\"}").post(group(name) + "/issues/" + issue + "/timer").then()
                .statusCode(400).body("message", equalTo("Field 'seconds' has the wrong type or format"));
        owner.req().body("{\"ids\": [\"a\"]}").put(group(name) + "/issues/order").then()
                .statusCode(400).body("message", notNullValue());
        owner.req().body("{\"value\": {\"nested\": true}}").put(group(name) + "/issues/" + issue + "/estimate").then()
                .statusCode(400).body("message", equalTo("value must be a whole number from 1 to 100"));
        owner.req().get(group(name) + "/issues/not-a-number").then().statusCode(404).body("message", notNullValue());
    }

    @Test
    void aHugeBodyIsRefusedWith413() {
        User owner = register("Big");
        String name = createGroup(owner);
        owner.req().body(Map.of("storyRef", "A", "description", "x".repeat(2_000_000)))
                .post(group(name) + "/issues").then().statusCode(413)
                .header("Content-Type", "application/json").body("message", equalTo("Request body too large"));
    }

    @TestHTTPResource("/rest/v1/users")
    URI users;

    @Test
    void aHugeChunkedBodyWithoutContentLengthIsRefusedWith413AndTheServerCarriesOn() throws Exception {
        byte[] body = ("{\"nickname\": \"x\", \"pad\": \"" + "x".repeat(1_200_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(users)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
        // Read whole before the resource runs (HttpSetup), the body is refused as a known length is.
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"message\"");
        Api.anonymous().get("/rest/v1/version").then().statusCode(200);
    }

    /** Java's HTTP client asks to upgrade to HTTP/2 with the first request (h2c): its body must still be read. */
    @Test
    void aBodySentOverHttp2IsReadAsOverHttp1() throws Exception {
        String email = Names.unique("h2") + "@example.test";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(users)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"nickname\":\"H2\",\"email\":\"" + email
                        + "\",\"password\":\"" + Api.PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).contains(email);
    }

    @Test
    void controlCharactersInTextsAreRefused() {
        User owner = register("Ctl");
        String name = createGroup(owner);
        owner.req().body(Map.of("storyRef", "A\u0000B", "description", "d")).post(group(name) + "/issues")
                .then().statusCode(400).body("message", equalTo("storyRef must not contain control characters"));
        Api.anonymous().body(Map.of("nickname", "bell\u0007", "email", "c@x.test", "password", Api.PASSWORD))
                .post("/rest/v1/users").then().statusCode(400);
    }

    @jakarta.inject.Inject
    org.estimator.db.Database db;

    /** A stored password hash that is corrupt fails closed: 401, like a wrong password, never a 500. */
    @Test
    void aMalformedStoredPasswordHashRefusesTheSignInWith401() {
        for (String hash : List.of("$argon2id$v=19$m=abc,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
                "$argon2id$v=19$m=19456,t=2,p=1$!!!$???",
                "$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "garbage", "")) {
            User user = register("Corrupt");
            Rows.update(db, "update app_user set password_hash = ? where email = ?", hash, user.email());
            Api.anonymous().body(Map.of("email", user.email(), "password", Api.PASSWORD)).post("/rest/v1/session")
                    .then().statusCode(401).body("message", equalTo("Unknown email or wrong password"));
        }
    }

    /** What the HTTP server lets the application answer gets JSON; the rest (README) gets a bare status. */
    @Test
    void overlongUrisAndUndecodablePathsGetTheirStatus() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://localhost:" + io.restassured.RestAssured.port;
        HttpResponse<String> longUri = client
                .send(HttpRequest.newBuilder(URI.create(base + "/rest/v1/group/" + "a".repeat(5000)))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(longUri.statusCode()).isEqualTo(414);
        assertThat(longUri.body()).isEqualTo("{\"message\":\"Request URI too long\"}");
        assertThat(longUri.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(raw("GET /rest/v1/group/%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /rest/v1/version HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0001b\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
    }

    /** The first bytes the server answers to a request written as is (no client would send it). */
    private static String raw(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] answer = new byte[12];
            int n = socket.getInputStream().readNBytes(answer, 0, 12);
            return new String(answer, 0, n, StandardCharsets.ISO_8859_1);
        }
    }
}
