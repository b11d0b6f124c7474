package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The footer's language and theme, chosen in the browser and kept from page to page. */
@QuarkusTest
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class PreferencesBrowserTest {

    static final Path GALLERY = Path.of("target", "gallery");

    @TestHTTPResource("/")
    URL base;

    private static String background(Browser b) {
        return String.valueOf(b.script("return getComputedStyle(document.body).backgroundColor"));
    }

    @Test
    void theDarkThemeChosenOnALightSystemStaysFromTheFirstPaintOfEveryPage() {
        Round r = Round.of("Theo", "Tara", "THEME-1");
        Browser o = Browser.open(base.toString()).signIn(r.owner()).go(r.groupPath()).live();
        assertThat(o.script("return matchMedia('(prefers-color-scheme: dark)').matches")).isEqualTo(false);
        String light = background(o);

        o.chooseValue("pref-theme", "dark"); // applies at once (the page's script submits the footer's form)
        o.until(d -> "dark".equals(o.script("return document.documentElement.dataset.theme")));
        assertThat(background(o)).isNotEqualTo(light).isEqualTo("rgb(18, 20, 27)");
        o.live();
        o.fullScreenshot(GALLERY.resolve("group-owner-dark-switch.png"));

        // The next page arrives dark: the server renders the choice, no script runs before the first paint.
        o.go(r.path());
        assertThat(o.driver.getPageSource()).contains("data-theme=\"dark\"");
        assertThat(background(o)).isEqualTo("rgb(18, 20, 27)");

        // Back to the system's setting (light here).
        o.chooseValue("pref-theme", "system");
        o.until(d -> "system".equals(o.script("return document.documentElement.dataset.theme")));
        assertThat(background(o)).isEqualTo(light);
    }

    @Test
    void aMemberReadsTheRoundInGermanAndTheNumbersAndDatesTheGermanWay() {
        Round r = Round.of("Greta", "Gunnar", "DE-1");
        Api.estimate(r.owner(), r.group(), r.issue(), 10).then().statusCode(204);
        Api.estimate(r.member(), r.group(), r.issue(), 11).then().statusCode(204);
        Browser o = Browser.open(base.toString()).signIn(r.owner()).go(r.path()).live();
        o.chooseValue("pref-lang", "de");
        o.until(d -> "de".equals(o.script("return document.documentElement.lang")));
        o.live(); // "Live" is the same word in German
        assertThat(o.text("#review-title")).isEqualTo("Auswertung");
        assertThat(o.text("#review-average")).isEqualTo("10,5");
        assertThat(o.text("#progress")).contains("2 von 2").contains("Schätzungen abgegeben");
        assertThat(o.text("#reveal-style")).startsWith("Anonyme Runde:");
        assertThat(o.text("#pref-lang option[selected]")).isEqualTo("Deutsch");
        o.fullScreenshot(GALLERY.resolve("review-owner-german.png"));

        // A card changes the review live; the page writes the new average in German too.
        Api.estimate(r.member(), r.group(), r.issue(), 12).then().statusCode(204);
        o.waitText("#review-average", "11");
        // The group page: German words, and the history's dates in the browser's German.
        o.chooseValue("lock-value", "13");
        o.click("#lock");
        o.waitText("#final-estimate", "Endgültige Schätzung");
        o.go(r.groupPath()).live();
        o.waitText("#history-title", "Ergebnisse");
        String locked = o.text("#history time");
        assertThat(locked).matches(".*\\d{1,2}\\.\\d{1,2}\\.\\d{4}.*|.*\\d{1,2}\\. \\p{L}+\\.? \\d{4}.*");
    }
}
