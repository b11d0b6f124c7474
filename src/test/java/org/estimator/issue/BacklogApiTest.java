package org.estimator.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.register;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api.User;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BacklogApiTest {

    @Test
    void importAddsEveryRowOrNone() {
        User owner = register("Importer");
        String name = createGroup(owner);
        owner.req().contentType("text/csv").body("storyRef,description\nA-1,First\n\"A-2\",\"Second, with comma\"\n")
                .post(group(name) + "/issues/import").then().statusCode(201).body("created", equalTo(2));
        owner.req().contentType("text/csv").body("storyRef,description\nB-1,ok\n,missing ref\nB-3,ok\n")
                .post(group(name) + "/issues/import").then().statusCode(400)
                .body("message", equalTo("Row 3: storyRef must not be blank"));
        owner.req().contentType("text/csv").body("ref,text\nC-1,x\n").post(group(name) + "/issues/import")
                .then().statusCode(400).body("message", startsWith("Row 1:"));
        owner.req().get(group(name) + "/issues").then().body("$", hasSize(2))
                .body("storyRef", contains("A-1", "A-2")).body("[1].description", equalTo("Second, with comma"));
    }

    @Test
    void trackersExportFilesImportOnceEachWithTheirLinks() {
        User owner = register("Tracker");
        String name = createGroup(owner);
        owner.req().contentType("text/csv").body(ImportFileTest.file("jira-cloud.csv"))
                .post(group(name) + "/issues/import?site=https://example.atlassian.net&skipEstimated=true").then()
                .statusCode(201).body("created", equalTo(2)).body("known", equalTo(0)).body("estimated", equalTo(1));
        // The same file again, now with the estimated one: only that one is new.
        owner.req().contentType("text/csv").body(ImportFileTest.file("jira-cloud.csv"))
                .post(group(name) + "/issues/import?format=jira").then().statusCode(201)
                .body("created", equalTo(1)).body("known", equalTo(2)).body("estimated", equalTo(0));
        // Nothing new: 200, and nothing added.
        owner.req().contentType("text/csv").body(ImportFileTest.file("jira-cloud.csv"))
                .post(group(name) + "/issues/import").then().statusCode(200).body("created", equalTo(0))
                .body("known", equalTo(3));
        owner.req().contentType("application/json").body(ImportFileTest.file("github.json"))
                .post(group(name) + "/issues/import").then().statusCode(201).body("created", equalTo(2));
        owner.req().contentType("text/csv").body(ImportFileTest.file("gitlab.csv"))
                .post(group(name) + "/issues/import?format=gitlab").then().statusCode(201).body("created", equalTo(2))
                .body("known", equalTo(0)).body("estimated", equalTo(0));
        owner.req().get(group(name) + "/issues").then().body("storyRef",
                contains("SHOP-101", "SHOP-103", "SHOP-102", "#42", "#57", "#12", "#13"));
    }

    @Test
    void anIssueKeepsTheLinkToItsOriginalWhichMustBeAWebAddress() {
        User owner = register("Linker");
        String name = createGroup(owner);
        owner.req().contentType("text/csv").body(ImportFileTest.file("jira-cloud.csv"))
                .post(group(name) + "/issues/import?site=https://example.atlassian.net/").then().statusCode(201);
        owner.req().get(group(name) + "/issues").then().body("[0].link",
                equalTo("https://example.atlassian.net/browse/SHOP-101"));
        owner.req().get(group(name) + "/issues/export?format=csv").then().body(containsString(
                ",https://example.atlassian.net/browse/SHOP-103,1,,\r\n"));

        String location = owner.req().body(Map.of("storyRef", "L-1", "description", "d", "link", "https://x.example/1"))
                .post(group(name) + "/issues").then().statusCode(201).body("link", equalTo("https://x.example/1"))
                .extract().header("Location");
        owner.req().body(Map.of("storyRef", "L-1", "description", "d", "link", "javascript:alert(1)"))
                .post(group(name) + "/issues").then().statusCode(400)
                .body("message", equalTo("link must be an http or https address"));
        owner.req().body(Map.of("storyRef", "L-1", "description", "d", "link", "https://x y"))
                .post(group(name) + "/issues").then().statusCode(400)
                .body("message", startsWith("link is not a valid address"));
        // An edit without a link keeps it; an empty one removes it.
        owner.req().body(Map.of("storyRef", "L-1", "description", "edited")).put(location).then().statusCode(200)
                .body("link", equalTo("https://x.example/1"));
        owner.req().body(Map.of("storyRef", "L-1", "description", "edited", "link", "")).put(location).then()
                .statusCode(200).body("link", org.hamcrest.Matchers.nullValue());
        owner.req().contentType("text/csv").body("x").post(group(name) + "/issues/import?format=trello").then()
                .statusCode(400).body("message", equalTo("format must be auto, estimator, jira, github or gitlab"));
    }

    @Test
    void issuesCanBeEditedReorderedAndDeleted() {
        User owner = register("Planner");
        String name = createGroup(owner);
        long a = addIssue(owner, name, "A");
        long b = addIssue(owner, name, "B");
        long c = addIssue(owner, name, "C");
        owner.req().body(Map.of("ids", List.of(c, a, b))).put(group(name) + "/issues/order").then().statusCode(200)
                .body("storyRef", contains("C", "A", "B"));
        owner.req().body(Map.of("ids", List.of(c, a))).put(group(name) + "/issues/order").then().statusCode(400);
        owner.req().body(Map.of("ids", List.of(c, a, a))).put(group(name) + "/issues/order").then().statusCode(400);
        owner.req().body(Map.of("storyRef", "A*", "description", "edited")).put(group(name) + "/issues/" + a)
                .then().statusCode(200).body("storyRef", equalTo("A*")).body("description", equalTo("edited"));
        owner.req().delete(group(name) + "/issues/" + b).then().statusCode(204);
        owner.req().get(group(name) + "/issues").then().body("storyRef", contains("C", "A*"));
    }

    @Test
    void resultsExportAsCsvAndJson() {
        User owner = register("Exporter");
        String name = createGroup(owner);
        long a = addIssue(owner, name, "=CMD()");
        owner.req().body(Map.of("value", 8)).post(group(name) + "/issues/" + a + "/lock").then().statusCode(204);
        addIssue(owner, name, "Open one");
        owner.req().get(group(name) + "/issues/export?format=csv").then().statusCode(200)
                .header("Content-Type", startsWith("text/csv"))
                .body(startsWith("storyRef,description,state,finalEstimate,link,rounds,estimatingSeconds,lockedAt\r\n"
                        + "\"'=CMD()\",Description of =CMD(),LOCKED,8,,1,,"))
                .body(org.hamcrest.Matchers.endsWith("\r\nOpen one,Description of Open one,OPEN,,,1,,\r\n"));
        owner.req().get(group(name) + "/issues/export").then().statusCode(200)
                .header("Content-Type", equalTo("application/json"))
                .body("$", hasSize(2)).body("[0].finalEstimate", equalTo("8")).body("[0].storyRef", equalTo("=CMD()"));
        owner.req().get(group(name) + "/issues/export?format=xml").then().statusCode(400);
        // The file is named after the group, never after an internal id.
        String disposition = owner.req().get(group(name) + "/issues/export?format=csv").header("Content-Disposition");
        assertThat(disposition).isEqualTo("attachment; filename=\"estimates-" + name + ".csv\"");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedNamingTheRowUnlessItsCharsetIsDeclared() {
        User owner = register("Importer");
        String name = createGroup(owner);
        // RestAssured would add a charset to text/csv by itself: here the file says nothing of its charset.
        var plain = io.restassured.config.RestAssuredConfig.config().encoderConfig(io.restassured.config.EncoderConfig
                .encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        byte[] latin1 = "storyRef,description\nL-1,Caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1);
        owner.req().config(plain).contentType("text/csv").body(latin1).post(group(name) + "/issues/import").then()
                .statusCode(400)
                .body("message", startsWith("Row 2: the file is not valid UTF-8"));
        byte[] utf16 = "storyRef,description\nU-1,x\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] bom = new byte[utf16.length + 2];
        bom[0] = (byte) 0xff;
        bom[1] = (byte) 0xfe;
        System.arraycopy(utf16, 0, bom, 2, utf16.length);
        owner.req().config(plain).contentType("text/csv").body(bom).post(group(name) + "/issues/import").then()
                .statusCode(400)
                .body("message", startsWith("Row 1:"));
        owner.req().get(group(name) + "/issues").then().body("$", hasSize(0));

        owner.req().contentType("text/csv; charset=ISO-8859-1").body(latin1).post(group(name) + "/issues/import")
                .then().statusCode(201);
        owner.req().get(group(name) + "/issues").then().body("[0].description", equalTo("Caf\u00e9 cr\u00e8me"));
        owner.req().contentType("text/csv; charset=no-such-charset").body(latin1).post(group(name) + "/issues/import")
                .then().statusCode(400).body("message", containsString("no-such-charset"));
    }

    /**
     * A full backlog (the documented maximum) keeps the owner's page small: each row names its issue
     * and moves it by position, instead of carrying the whole order.
     */
    @Test
    void aFullBacklogKeepsTheOwnersPageUnderAMegabyteAndMovesOneIssueAtATime() {
        User owner = register("Planner");
        String name = createGroup(owner);
        StringBuilder csv = new StringBuilder("storyRef,description\n");
        for (int i = 1; i <= 2000; i++) {
            csv.append("PROJ-").append(1000 + i).append(",As a user I want feature number ").append(i)
                    .append(" so that the team can plan it\n");
        }
        owner.req().contentType("text/csv").body(csv.toString()).post(group(name) + "/issues/import").then()
                .statusCode(201)
                .body("created", equalTo(2000));
        String page = owner.req().get("/group/" + org.estimator.web.Links.segment(name)).then().statusCode(200)
                .extract().asString();
        assertThat(page.getBytes(StandardCharsets.UTF_8).length).isLessThan(1_000_000);
        assertThat(page).contains("PROJ-3000");

        List<Integer> ids = owner.req().get(group(name) + "/issues").then().extract().path("id");
        long last = ids.get(ids.size() - 1);
        owner.req().body(Map.of("position", 1)).put(group(name) + "/issues/" + last + "/position").then()
                .statusCode(200)
                .body("position", equalTo(1));
        owner.req().get(group(name) + "/issues").then().body("[0].id", equalTo((int) last))
                .body("[1].id", equalTo(ids.get(0))).body("[1999].id", equalTo(ids.get(1998)));
        owner.req().body(Map.of("position", 2001)).put(group(name) + "/issues/" + last + "/position").then()
                .statusCode(400);
        owner.req().body(Map.of()).put(group(name) + "/issues/" + last + "/position").then().statusCode(400);
    }

    @Test
    void decksChangeTheAllowedValuesAndVoidOldEstimates() {
        User owner = register("Dealer");
        String name = createGroup(owner);
        long a = addIssue(owner, name, "D-1");
        owner.req().body(Map.of("value", 7)).put(group(name) + "/issues/" + a + "/estimate").then().statusCode(204);
        owner.req().body(Map.of("deck", "TSHIRT")).put(group(name) + "/settings").then().statusCode(200)
                .body("cards", contains("XS", "S", "M", "L", "XL", "XXL")).body("deck", equalTo("TSHIRT"));
        owner.req().get(group(name) + "/issues/" + a).then().body("estimates", equalTo(0));
        owner.req().body(Map.of("value", 7)).put(group(name) + "/issues/" + a + "/estimate").then().statusCode(400)
                .body("message", equalTo("value must be one of: XS, S, M, L, XL, XXL"));
        owner.req().body(Map.of("value", "M")).put(group(name) + "/issues/" + a + "/estimate").then().statusCode(204);
        owner.req().body(Map.of("deck", "CUSTOM", "cards", List.of("tiny", "huge"))).put(group(name) + "/settings")
                .then().statusCode(200).body("cards", contains("tiny", "huge"));
        owner.req().body(Map.of("revealMode", "SECRETIVE")).put(group(name) + "/settings").then().statusCode(400);
    }

    @Test
    void theTimerEndTimeIsVisibleToMembers() {
        User owner = register("Timer");
        String name = createGroup(owner);
        long a = addIssue(owner, name, "T-1");
        long before = System.currentTimeMillis();
        owner.req().body(Map.of("seconds", 90)).post(group(name) + "/issues/" + a + "/timer").then().statusCode(204);
        long ends = owner.req().get(group(name) + "/issues/" + a).then().extract().<Number>path("timerEndsAt")
                .longValue();
        org.assertj.core.api.Assertions.assertThat(ends).isBetween(before + 89_000,
                System.currentTimeMillis() + 91_000);
        owner.req().body(Map.of("seconds", 0)).post(group(name) + "/issues/" + a + "/timer").then().statusCode(400);
        owner.req().delete(group(name) + "/issues/" + a + "/timer").then().statusCode(204);
        owner.req().get(group(name) + "/issues/" + a).then().body("timerEndsAt", equalTo(null));
    }
}
