package org.estimator.group;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.URL;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.estimator.db.Database;
import org.estimator.support.Names;
import org.estimator.support.Rows;
import org.estimator.web.Links;
import org.junit.jupiter.api.Test;

/** The seed document's four tests, kept byte for byte. */
@QuarkusTest
class SeedContractTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    Database db;

    @Test
    void createGroupAnswers201WithEmptyJsonAndLocationAndStoresTheRow() {
        String name = Names.unique("NewGroup");
        Response response = given().when().post("/rest/v1/group/" + name);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body().asString()).isEqualTo("{}");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.header("Location"))
                .isEqualTo("http://localhost:" + root.getPort() + "/rest/v1/group/" + name);
        assertThat(Rows.count(db, "estimation_group", "name", name)).isEqualTo(1L);
    }

    @Test
    void createExistingGroupAnswers400WithJsonMessage() {
        String name = Names.unique("GroupAlreadyExists");
        given().post("/rest/v1/group/" + name).then().statusCode(201);

        Response response = given().when().post("/rest/v1/group/" + name);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body().asString()).isEqualTo("{\"message\":\"Group already exists\"}");
    }

    @Test
    void queryGroupAnswers200WithItsName() {
        String name = Names.unique("TestGroup");
        given().post("/rest/v1/group/" + name).then().statusCode(201);

        Response response = given().when().get("/rest/v1/group/" + name);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body().asString()).isEqualTo("{\"groupname\":\"" + name + "\"}");
    }

    @Test
    void queryUnknownGroupAnswers404WithJsonMessage() {
        Response response = given().when().get("/rest/v1/group/" + Names.unique("NoSuchGroup"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body().asString()).isEqualTo("{\"message\":\"Group not found\"}");
    }

    @Test
    void locationHonoursTheHostHeaderOfTheRequest() {
        String name = Names.unique("Hosted");
        given().header("Host", "estimator.example:9999").post("/rest/v1/group/" + name)
                .then().statusCode(201)
                .header("Location", equalTo("http://estimator.example:9999/rest/v1/group/" + name));
    }

    @Test
    void forwardedHeadersAreIgnoredUnlessAProxyIsTrusted() {
        String name = Names.unique("Forwarded");
        String location = given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                .post("/rest/v1/group/" + name).then().statusCode(201).extract().header("Location");
        assertThat(URI.create(location).getHost()).isEqualTo("localhost");
        assertThat(location).startsWith("http://").doesNotContain("evil");
        assertThat(location).endsWith("/rest/v1/group/" + Links.segment(name));
    }
}
