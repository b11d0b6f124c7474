package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.as;
import static org.estimator.support.Api.estimate;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.invite;
import static org.estimator.support.Api.join;
import static org.estimator.support.Api.register;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.estimator.support.Api.User;
import org.estimator.support.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every group route for every kind of caller, with the exact status. Callers run from the least to
 * the most privileged on a fresh group per route, so only the last successful call changes state.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    static final String[] CALLERS = {"anonymous", "outsider", "guest of another group", "observer", "voter", "owner"};

    record Route(String method, String path, Function<Fixture, Object> body, String contentType, int... expected) {
    }

    /** A group with an issue both the owner and the voter estimated, an invitation and the members. */
    record Fixture(String name, long issue, long invitation, String code, long voterId) {

        String path(String template) {
            return template.replace("{g}", group(name)).replace("{i}", Long.toString(issue))
                    .replace("{inv}", Long.toString(invitation)).replace("{voter}", Long.toString(voterId));
        }
    }

    User owner;
    User voter;
    User observer;
    User outsider;
    User otherGuest;

    /** Created on first use: RestAssured knows the test port only once a test runs. */
    void people() {
        if (owner != null) {
            return;
        }
        owner = register("Owner");
        voter = register("Voter");
        observer = register("Observer");
        outsider = register("Outsider");
        otherGuest = Api.guest(owner, Api.createGroup(owner), "Guest elsewhere");
    }

    Fixture fixture() {
        String name = Names.unique("Matrix");
        owner.req().post(group(name)).then().statusCode(201);
        join(voter, name, invite(owner, name));
        join(observer, name, invite(owner, name));
        Api.setRole(owner, name, observer, "OBSERVER");
        Api.settings(owner, name, Map.of("reviewMinCards", 2));
        long issue = addIssue(owner, name, "M-1");
        estimate(voter, name, issue, 5).then().statusCode(204);
        estimate(owner, name, issue, 8).then().statusCode(204);
        var inv = owner.req().body("{}").post(group(name) + "/invitations").then().statusCode(201).extract();
        return new Fixture(name, issue, inv.<Number>path("id").longValue(), inv.path("code"), Api.userId(voter));
    }

    static Route r(String method, String path, int... expected) {
        return new Route(method, path, f -> null, null, expected);
    }

    static Route r(String method, String path, Function<Fixture, Object> body, int... expected) {
        return new Route(method, path, body, null, expected);
    }

    static final List<Route> ROUTES = List.of(
            r("GET", "{g}", 200, 200, 200, 200, 200, 200),
            r("DELETE", "{g}", 401, 403, 403, 403, 403, 204),
            r("PUT", "{g}/settings", f -> Map.of("deck", "FIBONACCI"), 401, 403, 403, 403, 403, 200),
            r("POST", "{g}/owner", f -> Map.of("userId", f.voterId()), 401, 403, 403, 403, 403, 204),
            r("POST", "{g}/invitations", f -> Map.of(), 401, 403, 403, 403, 403, 201),
            r("GET", "{g}/invitations", 401, 403, 403, 403, 403, 200),
            r("DELETE", "{g}/invitations/{inv}", 401, 403, 403, 403, 403, 204),
            r("POST", "{g}/members", f -> Map.of("code", f.code()), 401, 201, 403, 409, 409, 409),
            r("GET", "{g}/members", 401, 403, 403, 200, 200, 200),
            r("DELETE", "{g}/members/me", 401, 403, 403, 204, 204, 409),
            r("DELETE", "{g}/members/{voter}", 401, 403, 403, 403, 403, 204),
            r("PUT", "{g}/members/{voter}/role", f -> Map.of("role", "OBSERVER"), 401, 403, 403, 403, 403, 200),
            r("POST", "{g}/issues", f -> Map.of("storyRef", "N-1", "description", "d"), 401, 403, 403, 403, 403, 201),
            r("GET", "{g}/issues", 401, 403, 403, 200, 200, 200),
            r("GET", "{g}/issues/{i}", 401, 403, 403, 200, 200, 200),
            r("PUT", "{g}/issues/{i}", f -> Map.of("storyRef", "E-1", "description", "d"), 401, 403, 403, 403, 403,
                    200),
            r("DELETE", "{g}/issues/{i}", 401, 403, 403, 403, 403, 204),
            r("PUT", "{g}/issues/order", f -> Map.of("ids", List.of(f.issue())), 401, 403, 403, 403, 403, 200),
            r("PUT", "{g}/issues/{i}/position", f -> Map.of("position", 1), 401, 403, 403, 403, 403, 200),
            new Route("POST", "{g}/issues/import", f -> "storyRef,description\nI-1,imported\n", "text/csv",
                    401, 403, 403, 403, 403, 201),
            r("GET", "{g}/issues/export", 401, 403, 403, 200, 200, 200),
            r("PUT", "{g}/issues/{i}/estimate", f -> Map.of("value", 3), 401, 403, 403, 403, 204, 204),
            r("GET", "{g}/issues/{i}/estimate", 401, 403, 403, 403, 200, 200),
            r("GET", "{g}/issues/{i}/review", 401, 403, 403, 403, 403, 200),
            r("POST", "{g}/issues/{i}/reveal", 401, 403, 403, 403, 403, 204),
            r("POST", "{g}/issues/{i}/lock", f -> Map.of("value", 5), 401, 403, 403, 403, 403, 204),
            r("POST", "{g}/issues/{i}/restart", 401, 403, 403, 403, 403, 204),
            r("POST", "{g}/issues/{i}/timer", f -> Map.of("seconds", 60), 401, 403, 403, 403, 403, 204),
            r("DELETE", "{g}/issues/{i}/timer", 401, 403, 403, 403, 403, 204));

    private static Response call(Route route, String token, Fixture f) {
        var spec = as(token);
        Object body = route.body().apply(f);
        if (route.contentType() != null) {
            spec = spec.contentType(route.contentType());
        }
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.request(route.method(), f.path(route.path()));
    }

    @Test
    void everyRouteAnswersEachCallerWithTheExactStatus() {
        people();
        List<String> mismatches = new ArrayList<>();
        for (Route route : ROUTES) {
            Fixture f = fixture();
            Map<String, User> callers = new LinkedHashMap<>();
            callers.put(CALLERS[0], null);
            callers.put(CALLERS[1], outsider);
            callers.put(CALLERS[2], otherGuest);
            callers.put(CALLERS[3], observer);
            callers.put(CALLERS[4], voter);
            callers.put(CALLERS[5], owner);
            int i = 0;
            for (Map.Entry<String, User> caller : callers.entrySet()) {
                Response response = call(route, caller.getValue() == null ? null : caller.getValue().token(), f);
                int expected = route.expected()[i++];
                if (response.statusCode() != expected) {
                    mismatches.add(route.method() + " " + route.path() + " as " + caller.getKey() + ": expected "
                            + expected + ", got " + response.statusCode() + " " + response.body().asString());
                }
                assertThat(response.header("Content-Type") == null
                        || response.header("Content-Type").equals("application/json")
                        || response.header("Content-Type").startsWith("text/csv"))
                        .as(route.method() + " " + route.path()).isTrue();
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void anExpiredOrRevokedTokenIsRefusedEverywhere() {
        User leaving = register("Leaver");
        String name = Api.createGroup(leaving);
        leaving.req().delete("/rest/v1/session").then().statusCode(204);
        for (Route route : ROUTES) {
            if (route.path().equals("{g}")) {
                continue;
            }
            Response response = call(route, leaving.token(), new Fixture(name, 1, 1, "x", 1));
            assertThat(response.statusCode()).as(route.method() + " " + route.path()).isEqualTo(401);
        }
    }
}
