package org.estimator.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.EventStream;
import org.estimator.support.Names;
import org.junit.jupiter.api.Test;

/** Health and metrics live on the management interface (its own port, loopback by default), not on the main port. */
@QuarkusTest
class HealthAndMetricsTest {

    /** The management interface's {@code /q/} (the annotation adds the root path itself). */
    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void livenessAndReadinessAreUpWithTheDatabaseChecked() {
        given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get(management + "health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name",
                        hasItem(org.hamcrest.Matchers.containsString("Database connections health check")));
    }

    @Test
    void theMainPortServesNeitherHealthNorMetricsButTheApiDocument() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        // The tokens are described as what they are: opaque bearer tokens, not JWTs.
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.bearer.bearerFormat", org.hamcrest.Matchers.nullValue())
                .body("components.securitySchemes.bearer.description", org.hamcrest.Matchers.containsString("opaque"));
        assertThat(management.getHost()).isIn("127.0.0.1", "localhost");
    }

    @Test
    void prometheusMetricsCountHttpRequestsPoolUseAndGroups() {
        double before = counter(metrics(), "estimator_groups_created_total");
        Api.anonymous().post(Api.group(Names.unique("metered"))).then().statusCode(201);
        String text = metrics();
        assertThat(counter(text, "estimator_groups_created_total")).isEqualTo(before + 1);
        assertThat(text).contains("http_server_requests_seconds_count").contains("agroal_active_count");
    }

    @Test
    void openEventStreamsAreCounted() throws Exception {
        Api.User owner = Api.register("Owner");
        String name = Api.createGroup(owner);
        try (EventStream stream = EventStream.open("http://localhost:" + io.restassured.RestAssured.port
                + Api.group(name) + "/events", java.util.Map.of("Authorization", "Bearer " + owner.token()))) {
            stream.expect("snapshot");
            assertThat(counter(metrics(), "estimator_streams_open")).isGreaterThanOrEqualTo(1);
        }
        // The server notices the closed connection (and stops counting it) shortly after.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> counter(metrics(), "estimator_streams_open") == 0);
    }

    private String metrics() {
        return given().accept("text/plain").get(management + "metrics").then().statusCode(200).extract().asString();
    }

    /** Sums a counter over its tag combinations, as Prometheus would. */
    private static double counter(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
