package org.estimator.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.estimator.web.Links;

/** A client of the REST API for tests: people, groups and issues made through the real endpoints. */
public final class Api {

    private Api() {
    }

    public static final String PASSWORD = "correct horse battery staple";

    /** A signed-in user. */
    public record User(String nickname, String email, String token) {

        public RequestSpecification req() {
            return as(token);
        }
    }

    public static RequestSpecification as(String token) {
        RequestSpecification spec = given().urlEncodingEnabled(false).contentType(ContentType.JSON);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification anonymous() {
        return as(null);
    }

    public static String group(String name) {
        return "/rest/v1/group/" + Links.segment(name);
    }

    public static User register(String nickname) {
        String email = Names.unique(nickname.toLowerCase().replaceAll("[^a-z]", "")) + "@example.test";
        anonymous().body(Map.of("nickname", nickname, "email", email, "password", PASSWORD))
                .post("/rest/v1/users").then().statusCode(201);
        return new User(nickname, email, login(email, PASSWORD));
    }

    public static String login(String email, String password) {
        return anonymous().body(Map.of("email", email, "password", password))
                .post("/rest/v1/session").then().statusCode(200).extract().path("token");
    }

    /** A new group owned by {@code owner}; returns its name. */
    public static String createGroup(User owner) {
        String name = Names.unique("Team");
        owner.req().post(group(name)).then().statusCode(201);
        return name;
    }

    public static String invite(User owner, String name) {
        return owner.req().body("{}").post(group(name) + "/invitations").then().statusCode(201).extract().path("code");
    }

    public static void join(User user, String name, String code) {
        user.req().body(Map.of("code", code)).post(group(name) + "/members").then().statusCode(201);
    }

    public static User member(User owner, String name, String nickname) {
        User user = register(nickname);
        join(user, name, invite(owner, name));
        return user;
    }

    /** A guest of the group: nickname and invitation code only. */
    public static User guest(User owner, String name, String nickname) {
        String token = anonymous().body(Map.of("nickname", nickname, "code", invite(owner, name)))
                .post("/rest/v1/session/guest").then().statusCode(201).extract().path("token");
        return new User(nickname, null, token);
    }

    public static long userId(User user) {
        return user.req().get("/rest/v1/users/me").then().statusCode(200).extract().<Number>path("id").longValue();
    }

    public static void setRole(User owner, String name, User member, String role) {
        owner.req().body(Map.of("role", role)).put(group(name) + "/members/" + userId(member) + "/role")
                .then().statusCode(200);
    }

    public static long addIssue(User owner, String name, String storyRef) {
        return owner.req().body(Map.of("storyRef", storyRef, "description", "Description of " + storyRef))
                .post(group(name) + "/issues").then().statusCode(201).extract().<Number>path("id").longValue();
    }

    public static Response estimate(User voter, String name, long issue, Object value) {
        return voter.req().body(Map.of("value", value)).put(group(name) + "/issues/" + issue + "/estimate");
    }

    public static void settings(User owner, String name, Map<String, Object> settings) {
        owner.req().body(settings).put(group(name) + "/settings").then().statusCode(200);
    }
}
