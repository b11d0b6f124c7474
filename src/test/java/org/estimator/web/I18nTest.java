package org.estimator.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.estimator.support.Api;
import org.junit.jupiter.api.Test;

/**
 * The pages speak English, German, French and Spanish: every message in every language, no literal
 * text left in a template, the language chosen from the browser or the footer, and the theme.
 */
@QuarkusTest
class I18nTest {

    private static final Map<String, Class<?>> BUNDLES = Map.of("msg", Msg.class, "trk",
            org.estimator.tracker.TrackerMsg.class);
    private static final List<String> LANGUAGES = List.of("de", "fr", "es");

    @Test
    void everyLanguageHasEveryMessageAndNoOther() throws IOException {
        for (Map.Entry<String, Class<?>> bundle : BUNDLES.entrySet()) {
            Set<String> keys = Arrays.stream(bundle.getValue().getDeclaredMethods()).map(Method::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            for (String lang : LANGUAGES) {
                Path file = Path.of("src/main/resources/messages", bundle.getKey() + "_" + lang + ".properties");
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                assertThat(p.stringPropertyNames()).as(file + " has every key of " + bundle.getValue().getSimpleName())
                        .containsExactlyInAnyOrderElementsOf(keys);
                p.forEach((k, v) -> assertThat((String) v).as(file + ": " + k).isNotBlank());
            }
        }
    }

    /** Qute's expressions, sections and comments (at most one level of nested braces inside, as in {#if a}{b}). */
    private static final Pattern QUTE = Pattern.compile("\\{![\\s\\S]*?!}|\\{[^{}]*}");
    private static final Pattern TEXT_ATTRIBUTE = Pattern
            .compile("\\s(aria-label|title|placeholder|alt|data-confirm|data-report)=\"([^\"]*)\"");
    /** What may stand in a template as it is: the product's name, file formats, code. */
    private static final List<String> NOT_WORDS = List.of("Estimator", "CSV", "JSON",
            "Authorization: Bearer &lt;token&gt;");

    @Test
    void noTemplateHoldsALiteralUserFacingText() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                String html = Files.readString(file);
                String text = html;
                for (String before = ""; !before.equals(text);) {
                    before = text;
                    text = QUTE.matcher(text).replaceAll(" ");
                }
                Matcher attributes = TEXT_ATTRIBUTE.matcher(text);
                while (attributes.find()) {
                    check(file, attributes.group(2), found);
                }
                String content = text.replaceAll("<!DOCTYPE[^>]*>", " ").replaceAll("<[^>]*>", " ");
                check(file, content, found);
            }
        }
        assertThat(found).as("literal text in templates (put it in the message bundle)").isEmpty();
    }

    private static void check(Path file, String text, List<String> found) {
        String rest = text.replaceAll(":\\w+", " "); // a form's placeholders for its answer (":created")
        for (String allowed : NOT_WORDS) {
            rest = rest.replace(allowed, " ");
        }
        Matcher word = Pattern.compile("\\p{L}{2,}[^<>]{0,40}").matcher(rest);
        while (word.find()) {
            found.add(file.getFileName() + ": " + word.group().strip());
        }
    }

    @Test
    void aPageSpeaksTheBrowsersLanguageUnlessTheFooterChoseAnother() {
        given().header("Accept-Language", "de-AT,de;q=0.9,en;q=0.5").get("/about").then().statusCode(200)
                .body(containsString("<html lang=\"de\"")).body(containsString("Über Estimator"))
                .body(containsString("Was privat bleibt"));
        given().header("Accept-Language", "fr-CA").get("/about").then()
                .body(containsString("<html lang=\"fr\"")).body(containsString("Ce qui reste privé"));
        given().header("Accept-Language", "es").get("/signin").then()
                .body(containsString("Iniciar sesión")).body(containsString("Contraseña"));
        // A language the pages are not written in, or a malformed header: English.
        given().header("Accept-Language", "ja, ko;q=0.8").get("/about").then()
                .body(containsString("<html lang=\"en\"")).body(containsString("What stays private"));
        // A malformed one is refused by the HTTP layer, never a server error.
        given().header("Accept-Language", ";;q=x").get("/about").then()
                .statusCode(org.hamcrest.Matchers.lessThan(500));
        // The footer's choice wins over the browser's header.
        given().header("Accept-Language", "de").cookie("estimator_lang", "es").get("/about").then()
                .body(containsString("<html lang=\"es\"")).body(containsString("Lo que sigue siendo privado"));
        given().header("Accept-Language", "de").cookie("estimator_lang", "xx").get("/about").then()
                .body(containsString("<html lang=\"de\""));
        // The API's messages stay English whatever the browser says.
        given().header("Accept-Language", "de").get("/rest/v1/group/NoSuchGroupAnywhere").then().statusCode(404)
                .body("message", org.hamcrest.Matchers.equalTo("Group not found"));
    }

    @Test
    void theFooterRemembersTheLanguageAndThemeAndComesBack() {
        PagesHttpTest.Browser b = PagesHttpTest.visit();
        Response r = b.req().formParam("csrf", b.csrf()).formParam("lang", "fr").formParam("theme", "dark")
                .formParam("back", "/about?x=1").post("/preferences");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).endsWith("/about?x=1");
        assertThat(r.getDetailedCookie("estimator_lang").getValue()).isEqualTo("fr");
        assertThat(r.getDetailedCookie("estimator_theme").getValue()).isEqualTo("dark");
        assertThat(r.getDetailedCookie("estimator_theme").getMaxAge()).isGreaterThan(300L * 24 * 3600);
        given().cookie("estimator_lang", "fr").cookie("estimator_theme", "dark").get("/about").then()
                .body(containsString("<html lang=\"fr\" data-theme=\"dark\">"))
                .body(containsString("<meta name=\"color-scheme\" content=\"dark\">"))
                .body(containsString("<option value=\"dark\" selected>Sombre</option>"));
        // No theme chosen: the system's, drawn by the browser's own setting.
        given().get("/about").then().body(containsString("data-theme=\"system\""))
                .body(containsString("content=\"light dark\""));

        // Elsewhere than this site, or a forged request: not followed, refused.
        Response away = b.req().formParam("csrf", b.csrf()).formParam("lang", "de").formParam("theme", "light")
                .formParam("back", "//evil.example/x").post("/preferences");
        assertThat(away.header("Location")).endsWith("/");
        b.req().formParam("csrf", "forged").formParam("lang", "de").post("/preferences").then().statusCode(403);
        // Unknown values fall back: the browser's language, the system's theme.
        Response odd = b.req().formParam("csrf", b.csrf()).formParam("lang", "tlh").formParam("theme", "neon")
                .formParam("back", "/").post("/preferences");
        assertThat(odd.getDetailedCookie("estimator_lang").getMaxAge()).isZero();
        assertThat(odd.getDetailedCookie("estimator_theme").getValue()).isEqualTo("system");
    }

    @Test
    void datesNumbersAndPluralsFollowTheLanguage() {
        Api.User owner = Api.register("Lena");
        String group = Api.createGroup(owner);
        Api.settings(owner, group, Map.of("reviewMinCards", 1));
        long issue = Api.addIssue(owner, group, "L-1");
        Api.member(owner, group, "Lars");
        Api.estimate(owner, group, issue, 10).then().statusCode(204);
        PagesHttpTest.Browser b = PagesHttpTest.signedIn(owner);
        String path = "/group/" + Links.segment(group) + "/issues/" + issue;
        String german = b.req().header("Accept-Language", "de").get(path).then().statusCode(200).extract().asString();
        assertThat(german).contains("von 2</strong> Schätzungen abgegeben").contains("Anonyme Runde:")
                .contains("Durchschnitt");
        Api.User lars = Api.register("Lars2");
        Api.join(lars, group, Api.invite(owner, group));
        Api.estimate(lars, group, issue, 11).then().statusCode(204);
        String french = b.req().header("Accept-Language", "fr").get(path).then().extract().asString();
        assertThat(french).contains("<dd id=\"review-average\">10,5</dd>");
        String english = b.req().header("Accept-Language", "en").get(path).then().extract().asString();
        assertThat(english).contains("<dd id=\"review-average\">10.5</dd>");
        // Plurals: French counts one voter and several differently.
        String members = b.req().header("Accept-Language", "fr").get("/group/" + Links.segment(group)).then()
                .extract().asString();
        assertThat(members).contains("3, dont 3 votants");
        assertThat(b.req().header("Accept-Language", "es").get("/group/" + Links.segment(group)).then().extract()
                .asString()).contains("3, 3 votan").doesNotContain("Create an invite link");
        given().header("Accept-Language", "de").get("/").then().body(not(containsString("Sign in")));
        assertThat(Locale.GERMAN.getLanguage()).isEqualTo("de");
    }
}
